// Package trial is the one plain Go model of a clinical study that every input
// format is parsed into and every graph is built from.
//
// A Study carries the entity-bearing facts of a ClinicalTrials.gov record:
// identifiers, titles, status and dates, design, eligibility, the people and
// organisations involved, the sites, the arms, interventions and outcome
// measures, and the references. Values are kept as the registry states them
// (enumerations in the API v2 spelling, such as "PHASE2" or "RANDOMIZED";
// partial dates such as "2020-08" stay partial). The package does no I/O.
//
//	s := &trial.Study{NCTID: "NCT04288102", BriefTitle: "..."}
//	if err := s.Validate(); err != nil { ... }
package trial

// Study is one clinical study.
type Study struct {
	NCTID         string        `json:"nctId"`
	OrgStudyID    string        `json:"orgStudyId,omitempty"`
	SecondaryIDs  []SecondaryID `json:"secondaryIds,omitempty"`
	Organization  *Organization `json:"organization,omitempty"`
	BriefTitle    string        `json:"briefTitle,omitempty"`
	OfficialTitle string        `json:"officialTitle,omitempty"`
	Acronym       string        `json:"acronym,omitempty"`

	BriefSummary        string `json:"briefSummary,omitempty"`
	DetailedDescription string `json:"detailedDescription,omitempty"`

	OverallStatus      string `json:"overallStatus,omitempty"`
	LastKnownStatus    string `json:"lastKnownStatus,omitempty"`
	StatusVerifiedDate Date   `json:"statusVerifiedDate,omitempty"`
	StartDate          Date   `json:"startDate,omitempty"`
	PrimaryCompletion  Date   `json:"primaryCompletionDate,omitempty"`
	CompletionDate     Date   `json:"completionDate,omitempty"`
	FirstSubmitDate    Date   `json:"studyFirstSubmitDate,omitempty"`
	FirstPostDate      Date   `json:"studyFirstPostDate,omitempty"`
	LastUpdatePostDate Date   `json:"lastUpdatePostDate,omitempty"`
	LastUpdateSubmit   Date   `json:"lastUpdateSubmitDate,omitempty"`
	HasResults         *bool  `json:"hasResults,omitempty"`

	StudyType  string      `json:"studyType,omitempty"`
	Phases     []string    `json:"phases,omitempty"`
	Design     Design      `json:"design,omitempty"`
	Enrollment *Enrollment `json:"enrollment,omitempty"`

	Conditions []Condition `json:"conditions,omitempty"`
	Keywords   []string    `json:"keywords,omitempty"`

	Arms          []Arm          `json:"arms,omitempty"`
	Interventions []Intervention `json:"interventions,omitempty"`

	PrimaryOutcomes   []Outcome `json:"primaryOutcomes,omitempty"`
	SecondaryOutcomes []Outcome `json:"secondaryOutcomes,omitempty"`
	OtherOutcomes     []Outcome `json:"otherOutcomes,omitempty"`
	// Outcomes lists outcome measures whose kind (primary, secondary, other)
	// the source does not say. Readers never guess the kind.
	Outcomes []Outcome `json:"outcomes,omitempty"`

	Eligibility Eligibility `json:"eligibility,omitempty"`

	LeadSponsor      *Organization     `json:"leadSponsor,omitempty"`
	Collaborators    []Organization    `json:"collaborators,omitempty"`
	ResponsibleParty *ResponsibleParty `json:"responsibleParty,omitempty"`
	Officials        []Person          `json:"officials,omitempty"`
	CentralContacts  []Contact         `json:"centralContacts,omitempty"`
	Locations        []Location        `json:"locations,omitempty"`

	References    []Reference `json:"references,omitempty"`
	SeeAlsoLinks  []Link      `json:"seeAlsoLinks,omitempty"`
	RelatedTrials []string    `json:"relatedTrials,omitempty"`

	IPDSharing *IPDSharing `json:"ipdSharing,omitempty"`
	Oversight  Oversight   `json:"oversight,omitempty"`

	// Source describes the record the study was read from.
	Source Source `json:"source"`
	// MergedFrom lists the other records whose facts were merged into
	// this study (see graph.MergeStudies); the graph keeps each as
	// provenance.
	MergedFrom []Source `json:"mergedFrom,omitempty"`
}

// Date is a registry date with its precision kept: "2020", "2020-08" or
// "2020-08-19", and whether it is ACTUAL or ESTIMATED when the source says.
type Date struct {
	Value string `json:"date,omitempty"`
	Type  string `json:"type,omitempty"`
}

// IsZero reports whether the date is absent.
func (d Date) IsZero() bool { return d.Value == "" }

// SecondaryID is another identifier of the study, such as a grant number.
type SecondaryID struct {
	ID     string `json:"id"`
	Type   string `json:"type,omitempty"`
	Domain string `json:"domain,omitempty"`
	Link   string `json:"link,omitempty"`
}

// Organization is a sponsor, collaborator or the organisation that registered
// the study. Class is the agency class (NIH, FED, INDUSTRY, OTHER, ...).
type Organization struct {
	Name  string `json:"name"`
	Class string `json:"class,omitempty"`
}

// Design describes how an interventional or observational study is built.
type Design struct {
	Allocation         string   `json:"allocation,omitempty"`
	InterventionModel  string   `json:"interventionModel,omitempty"`
	ModelDescription   string   `json:"interventionModelDescription,omitempty"`
	PrimaryPurpose     string   `json:"primaryPurpose,omitempty"`
	ObservationalModel string   `json:"observationalModel,omitempty"`
	TimePerspective    string   `json:"timePerspective,omitempty"`
	Masking            string   `json:"masking,omitempty"`
	MaskingDescription string   `json:"maskingDescription,omitempty"`
	WhoMasked          []string `json:"whoMasked,omitempty"`
}

// Enrollment is the number of participants, ACTUAL or ESTIMATED.
type Enrollment struct {
	Count int    `json:"count"`
	Type  string `json:"type,omitempty"`
}

// Condition is a condition studied, with its MeSH descriptor when known.
type Condition struct {
	Name   string `json:"name"`
	MeshID string `json:"meshId,omitempty"`
}

// Arm is an arm or group of the study.
type Arm struct {
	Label             string   `json:"label"`
	Type              string   `json:"type,omitempty"`
	Description       string   `json:"description,omitempty"`
	InterventionNames []string `json:"interventionNames,omitempty"`
}

// Intervention is a drug, biological, device, procedure or other treatment.
type Intervention struct {
	Type        string   `json:"type,omitempty"`
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	OtherNames  []string `json:"otherNames,omitempty"`
	ArmLabels   []string `json:"armGroupLabels,omitempty"`
}

// Outcome is one outcome measure.
type Outcome struct {
	Measure     string `json:"measure"`
	TimeFrame   string `json:"timeFrame,omitempty"`
	Description string `json:"description,omitempty"`
}

// Eligibility says who may take part.
type Eligibility struct {
	Criteria          string   `json:"criteria,omitempty"`
	HealthyVolunteers *bool    `json:"healthyVolunteers,omitempty"`
	Sex               string   `json:"sex,omitempty"`
	GenderBased       *bool    `json:"genderBased,omitempty"`
	MinimumAge        string   `json:"minimumAge,omitempty"`
	MaximumAge        string   `json:"maximumAge,omitempty"`
	StdAges           []string `json:"stdAges,omitempty"`
	StudyPopulation   string   `json:"studyPopulation,omitempty"`
	SamplingMethod    string   `json:"samplingMethod,omitempty"`
}

// ResponsibleParty is the sponsor or investigator responsible for the record.
type ResponsibleParty struct {
	Type        string `json:"type,omitempty"`
	Name        string `json:"name,omitempty"`
	Title       string `json:"title,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
}

// Person is an overall official: a principal investigator, study chair or
// study director. Degrees ("MD, PhD") are kept apart from the name.
type Person struct {
	Name        string `json:"name"`
	Degrees     string `json:"degrees,omitempty"`
	Role        string `json:"role,omitempty"`
	Affiliation string `json:"affiliation,omitempty"`
}

// Contact is a central or site contact.
type Contact struct {
	Name     string `json:"name,omitempty"`
	Degrees  string `json:"degrees,omitempty"`
	Role     string `json:"role,omitempty"`
	Phone    string `json:"phone,omitempty"`
	PhoneExt string `json:"phoneExt,omitempty"`
	Email    string `json:"email,omitempty"`
}

// Location is a study site.
type Location struct {
	Facility string    `json:"facility,omitempty"`
	Status   string    `json:"status,omitempty"`
	City     string    `json:"city,omitempty"`
	State    string    `json:"state,omitempty"`
	Zip      string    `json:"zip,omitempty"`
	Country  string    `json:"country,omitempty"`
	Geo      *GeoPoint `json:"geoPoint,omitempty"`
	Contacts []Contact `json:"contacts,omitempty"`
}

// GeoPoint is a WGS84 position.
type GeoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Reference is a publication about the study.
type Reference struct {
	PMID     string `json:"pmid,omitempty"`
	DOI      string `json:"doi,omitempty"`
	Type     string `json:"type,omitempty"`
	Citation string `json:"citation,omitempty"`
}

// Link is a web page related to the study.
type Link struct {
	Label string `json:"label,omitempty"`
	URL   string `json:"url"`
}

// IPDSharing is the plan for sharing individual participant data.
type IPDSharing struct {
	Plan        string   `json:"ipdSharing,omitempty"`
	Description string   `json:"description,omitempty"`
	InfoTypes   []string `json:"infoTypes,omitempty"`
	TimeFrame   string   `json:"timeFrame,omitempty"`
	AccessCrit  string   `json:"accessCriteria,omitempty"`
	URL         string   `json:"url,omitempty"`
}

// Oversight holds the regulatory flags.
type Oversight struct {
	HasDMC             *bool `json:"oversightHasDmc,omitempty"`
	FDARegulatedDrug   *bool `json:"isFdaRegulatedDrug,omitempty"`
	FDARegulatedDevice *bool `json:"isFdaRegulatedDevice,omitempty"`
	UnapprovedDevice   *bool `json:"isUnapprovedDevice,omitempty"`
	PPSD               *bool `json:"isPpsd,omitempty"`
	USExport           *bool `json:"isUsExport,omitempty"`
}

// Source describes the record a study was read from.
type Source struct {
	Format string `json:"format"`
	File   string `json:"file,omitempty"`
	// SHA256 is the hex digest of the record's bytes as read.
	SHA256 string `json:"sha256,omitempty"`
	// LastUpdated is the record's own last-update date, when it has one.
	LastUpdated string `json:"lastUpdated,omitempty"`
}
