// Package ontology holds the vocabulary trialgraph writes: the IRIs of its
// classes and properties as typed constants, the prefix table used by every
// export, and the classifier that turns intervention text into cell-source
// terms (UBERON tissues and CL cell types).
//
// Every IRI the graph package emits is a constant here; the shipped
// ontology file declares the same terms and a test keeps the two in step.
//
//	fmt.Println(ontology.Trial) // https://w3id.org/trialgraph/vocab#Trial
package ontology

// Namespaces.
const (
	TG      = "https://w3id.org/trialgraph/vocab#"
	ID      = "https://w3id.org/trialgraph/id/"
	Schema  = "http://schema.org/"
	RDF     = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFS    = "http://www.w3.org/2000/01/rdf-schema#"
	OWL     = "http://www.w3.org/2002/07/owl#"
	XSD     = "http://www.w3.org/2001/XMLSchema#"
	SKOS    = "http://www.w3.org/2004/02/skos/core#"
	DCTerms = "http://purl.org/dc/terms/"
	PROV    = "http://www.w3.org/ns/prov#"
	Geo     = "http://www.w3.org/2003/01/geo/wgs84_pos#"
	OBO     = "http://purl.obolibrary.org/obo/"
	MeSH    = "http://id.nlm.nih.gov/mesh/"
	VoID    = "http://rdfs.org/ns/void#"
)

// Prefix is one entry of the prefix table.
type Prefix struct{ Name, IRI string }

// Prefixes returns the prefix table in output order. base is the instance
// namespace (ID unless --base says otherwise).
func Prefixes(base string) []Prefix {
	return []Prefix{
		{"tg", TG}, {"id", base}, {"schema", Schema}, {"rdf", RDF}, {"rdfs", RDFS},
		{"owl", OWL}, {"xsd", XSD}, {"skos", SKOS}, {"dcterms", DCTerms}, {"prov", PROV},
		{"geo", Geo}, {"obo", OBO}, {"mesh", MeSH}, {"void", VoID},
	}
}

// Standard terms.
const (
	RDFType      = RDF + "type"
	RDFSLabel    = RDFS + "label"
	SKOSExact    = SKOS + "exactMatch"
	XSDString    = XSD + "string"
	XSDInteger   = XSD + "integer"
	XSDDecimal   = XSD + "decimal"
	XSDBoolean   = XSD + "boolean"
	XSDDate      = XSD + "date"
	XSDGYear     = XSD + "gYear"
	XSDGYearMon  = XSD + "gYearMonth"
	XSDDateTime  = XSD + "dateTime"
	GeoLat       = Geo + "lat"
	GeoLong      = Geo + "long"
	ProvEntity   = PROV + "Entity"
	ProvDerived  = PROV + "wasDerivedFrom"
	DCTFormat    = DCTerms + "format"
	DCTSource    = DCTerms + "source"
	DCTModified  = DCTerms + "modified"
	DCTIdentifer = DCTerms + "identifier"
)

// schema.org terms.
const (
	SchemaMedicalTrial     = Schema + "MedicalTrial"
	SchemaOrganization     = Schema + "Organization"
	SchemaPerson           = Schema + "Person"
	SchemaPlace            = Schema + "Place"
	SchemaMedicalCondition = Schema + "MedicalCondition"
	SchemaScholarlyArticle = Schema + "ScholarlyArticle"
	SchemaName             = Schema + "name"
	SchemaAlternateName    = Schema + "alternateName"
	SchemaDescription      = Schema + "description"
	SchemaURL              = Schema + "url"
	SchemaSameAs           = Schema + "sameAs"
	SchemaIdentifier       = Schema + "identifier"
	SchemaKeywords         = Schema + "keywords"
	SchemaAffiliation      = Schema + "affiliation"
	// SchemaParentOrganization links a site to the organisation (sponsor,
	// collaborator or affiliation of the same trial) whose facility it is.
	SchemaParentOrganization = Schema + "parentOrganization"
	SchemaJobTitle           = Schema + "jobTitle"
	SchemaHonorificSuffix    = Schema + "honorificSuffix"
	SchemaEmail              = Schema + "email"
	SchemaTelephone          = Schema + "telephone"
	SchemaAddressLocality    = Schema + "addressLocality"
	SchemaAddressRegion      = Schema + "addressRegion"
	SchemaPostalCode         = Schema + "postalCode"
	SchemaAddressCountry     = Schema + "addressCountry"
	SchemaCitation           = Schema + "citation"
	SchemaCountry            = Schema + "Country"
)

// trialgraph classes.
const (
	Trial                = TG + "Trial"
	Site                 = TG + "Site"
	SiteParticipation    = TG + "SiteParticipation"
	CellSourceClass      = TG + "CellSource"
	CellSourceAssignment = TG + "CellSourceAssignment"
	OutcomeMeasure       = TG + "OutcomeMeasure"
	Arm                  = TG + "Arm"
	Intervention         = TG + "Intervention"
	SourceRecord         = TG + "SourceRecord"
)

// trialgraph properties of a trial.
const (
	NCTID                 = TG + "nctId"
	OrgStudyID            = TG + "orgStudyId"
	SecondaryID           = TG + "secondaryId"
	OfficialTitle         = TG + "officialTitle"
	Acronym               = TG + "acronym"
	DetailedDescription   = TG + "detailedDescription"
	OverallStatus         = TG + "overallStatus"
	LastKnownStatus       = TG + "lastKnownStatus"
	StatusVerifiedDate    = TG + "statusVerifiedDate"
	StartDate             = TG + "startDate"
	StartDateType         = TG + "startDateType"
	PrimaryCompletionDate = TG + "primaryCompletionDate"
	PrimaryCompletionType = TG + "primaryCompletionDateType"
	CompletionDate        = TG + "completionDate"
	CompletionDateType    = TG + "completionDateType"
	FirstSubmitDate       = TG + "firstSubmitDate"
	FirstPostDate         = TG + "firstPostDate"
	LastUpdatePostDate    = TG + "lastUpdatePostDate"
	HasResults            = TG + "hasResults"
	StudyType             = TG + "studyType"
	Phase                 = TG + "phase"
	Allocation            = TG + "allocation"
	InterventionModel     = TG + "interventionModel"
	ModelDescription      = TG + "interventionModelDescription"
	PrimaryPurpose        = TG + "primaryPurpose"
	ObservationalModel    = TG + "observationalModel"
	TimePerspective       = TG + "timePerspective"
	Masking               = TG + "masking"
	MaskingDescription    = TG + "maskingDescription"
	WhoMasked             = TG + "whoMasked"
	Enrollment            = TG + "enrollment"
	EnrollmentType        = TG + "enrollmentType"
	ConditionProp         = TG + "condition"
	EligibilityCriteria   = TG + "eligibilityCriteria"
	HealthyVolunteers     = TG + "healthyVolunteers"
	Sex                   = TG + "sex"
	MinimumAge            = TG + "minimumAge"
	MaximumAge            = TG + "maximumAge"
	StdAge                = TG + "stdAge"
	StudyPopulation       = TG + "studyPopulation"
	LeadSponsor           = TG + "leadSponsor"
	Collaborator          = TG + "collaborator"
	ResponsibleParty      = TG + "responsibleParty"
	ResponsiblePartyType  = TG + "responsiblePartyType"
	PrincipalInvestigator = TG + "principalInvestigator"
	StudyChair            = TG + "studyChair"
	StudyDirector         = TG + "studyDirector"
	SubInvestigator       = TG + "subInvestigator"
	Official              = TG + "official"
	ContactProp           = TG + "contact"
	SiteProp              = TG + "site"
	SiteParticipationProp = TG + "siteParticipation"
	RecruitmentStatus     = TG + "recruitmentStatus"
	PrimaryOutcome        = TG + "primaryOutcome"
	SecondaryOutcome      = TG + "secondaryOutcome"
	OtherOutcome          = TG + "otherOutcome"
	OutcomeProp           = TG + "outcome"
	TimeFrame             = TG + "timeFrame"
	ArmProp               = TG + "arm"
	ArmType               = TG + "armType"
	InterventionProp      = TG + "intervention"
	InterventionType      = TG + "interventionType"
	RelatedTrial          = TG + "relatedTrial"
	ReferenceType         = TG + "referenceType"
	PMID                  = TG + "pmid"
	DOI                   = TG + "doi"
	SeeAlso               = TG + "seeAlso"
	IPDSharing            = TG + "ipdSharing"
	OversightHasDMC       = TG + "oversightHasDmc"
	FDARegulatedDrug      = TG + "fdaRegulatedDrug"
	FDARegulatedDevice    = TG + "fdaRegulatedDevice"
	AgencyClass           = TG + "agencyClass"
	CellSourceProp        = TG + "cellSource"
	CellSourceEvidence    = TG + "cellSourceAssignment"
	EvidenceField         = TG + "evidenceField"
	EvidenceText          = TG + "evidenceText"
	DonorType             = TG + "donorType"
	ProductForm           = TG + "productForm"
	MeshID                = TG + "meshId"
	SourceFormat          = TG + "sourceFormat"
	SourceFile            = TG + "sourceFile"
	ContentSHA256         = TG + "contentSha256"
	SourceLastUpdated     = TG + "sourceLastUpdated"
	Country               = TG + "country"
)

// Abstract terms: declared in the ontology for queries and alignments,
// never written by the exporter.
const (
	// Investigator is the super-property of PrincipalInvestigator,
	// StudyChair, StudyDirector and SubInvestigator.
	Investigator = TG + "investigator"
)

// Phase classes: a trial is typed with one for each phase it registers.
const (
	EarlyPhase1Trial        = TG + "EarlyPhase1Trial"
	Phase1Trial             = TG + "Phase1Trial"
	Phase2Trial             = TG + "Phase2Trial"
	Phase3Trial             = TG + "Phase3Trial"
	Phase4Trial             = TG + "Phase4Trial"
	PhaseNotApplicableTrial = TG + "PhaseNotApplicableTrial"
)

// PhaseClass returns the class of trials in the registry phase code
// (EARLY_PHASE1, PHASE1, PHASE2, PHASE3, PHASE4 or NA, the codes
// trial.NormalizePhase returns), and false for any other code.
func PhaseClass(code string) (string, bool) {
	switch code {
	case "EARLY_PHASE1":
		return EarlyPhase1Trial, true
	case "PHASE1":
		return Phase1Trial, true
	case "PHASE2":
		return Phase2Trial, true
	case "PHASE3":
		return Phase3Trial, true
	case "PHASE4":
		return Phase4Trial, true
	case "NA":
		return PhaseNotApplicableTrial, true
	}
	return "", false
}
