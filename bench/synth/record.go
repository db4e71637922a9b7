package main

// The subset of the ClinicalTrials.gov API v2 study record the generator
// writes, field names and order as in the API (and in ctg-studies.json).

type study struct {
	ProtocolSection protocolSection `json:"protocolSection"`
	ResultsSection  *resultsSection `json:"resultsSection,omitempty"`
	DerivedSection  derivedSection  `json:"derivedSection"`
	HasResults      bool            `json:"hasResults"`
}

type protocolSection struct {
	IdentificationModule       identificationModule       `json:"identificationModule"`
	StatusModule               statusModule               `json:"statusModule"`
	SponsorCollaboratorsModule sponsorCollaboratorsModule `json:"sponsorCollaboratorsModule"`
	OversightModule            *oversightModule           `json:"oversightModule,omitempty"`
	DescriptionModule          descriptionModule          `json:"descriptionModule"`
	ConditionsModule           conditionsModule           `json:"conditionsModule"`
	DesignModule               designModule               `json:"designModule"`
	ArmsInterventionsModule    *armsInterventionsModule   `json:"armsInterventionsModule,omitempty"`
	OutcomesModule             *outcomesModule            `json:"outcomesModule,omitempty"`
	EligibilityModule          eligibilityModule          `json:"eligibilityModule"`
	ContactsLocationsModule    *contactsLocationsModule   `json:"contactsLocationsModule,omitempty"`
	ReferencesModule           *referencesModule          `json:"referencesModule,omitempty"`
	IPDSharingStatementModule  *ipdSharingStatementModule `json:"ipdSharingStatementModule,omitempty"`
}

type identificationModule struct {
	NctID            string       `json:"nctId"`
	OrgStudyIDInfo   idInfo       `json:"orgStudyIdInfo"`
	SecondaryIDInfos []idInfo     `json:"secondaryIdInfos,omitempty"`
	Organization     organization `json:"organization"`
	BriefTitle       string       `json:"briefTitle"`
	OfficialTitle    string       `json:"officialTitle,omitempty"`
	Acronym          string       `json:"acronym,omitempty"`
}

type idInfo struct {
	ID     string `json:"id"`
	Type   string `json:"type,omitempty"`
	Domain string `json:"domain,omitempty"`
}

type organization struct {
	FullName string `json:"fullName"`
	Class    string `json:"class"`
}

type dateStruct struct {
	Date string `json:"date"`
	Type string `json:"type,omitempty"`
}

type statusModule struct {
	StatusVerifiedDate          string              `json:"statusVerifiedDate"`
	OverallStatus               string              `json:"overallStatus"`
	LastKnownStatus             string              `json:"lastKnownStatus,omitempty"`
	WhyStopped                  string              `json:"whyStopped,omitempty"`
	ExpandedAccessInfo          *expandedAccessInfo `json:"expandedAccessInfo,omitempty"`
	StartDateStruct             dateStruct          `json:"startDateStruct"`
	PrimaryCompletionDateStruct *dateStruct         `json:"primaryCompletionDateStruct,omitempty"`
	CompletionDateStruct        dateStruct          `json:"completionDateStruct"`
	StudyFirstSubmitDate        string              `json:"studyFirstSubmitDate"`
	StudyFirstSubmitQcDate      string              `json:"studyFirstSubmitQcDate"`
	StudyFirstPostDateStruct    dateStruct          `json:"studyFirstPostDateStruct"`
	ResultsFirstSubmitDate      string              `json:"resultsFirstSubmitDate,omitempty"`
	ResultsFirstSubmitQcDate    string              `json:"resultsFirstSubmitQcDate,omitempty"`
	ResultsFirstPostDateStruct  *dateStruct         `json:"resultsFirstPostDateStruct,omitempty"`
	LastUpdateSubmitDate        string              `json:"lastUpdateSubmitDate"`
	LastUpdatePostDateStruct    dateStruct          `json:"lastUpdatePostDateStruct"`
}

type expandedAccessInfo struct {
	HasExpandedAccess bool `json:"hasExpandedAccess"`
}

type sponsorCollaboratorsModule struct {
	ResponsibleParty *responsibleParty `json:"responsibleParty,omitempty"`
	LeadSponsor      sponsor           `json:"leadSponsor"`
	Collaborators    []sponsor         `json:"collaborators,omitempty"`
}

type responsibleParty struct {
	Type                    string `json:"type"`
	InvestigatorFullName    string `json:"investigatorFullName,omitempty"`
	InvestigatorTitle       string `json:"investigatorTitle,omitempty"`
	InvestigatorAffiliation string `json:"investigatorAffiliation,omitempty"`
}

type sponsor struct {
	Name  string `json:"name"`
	Class string `json:"class"`
}

type oversightModule struct {
	OversightHasDmc      *bool `json:"oversightHasDmc,omitempty"`
	IsFdaRegulatedDrug   *bool `json:"isFdaRegulatedDrug,omitempty"`
	IsFdaRegulatedDevice *bool `json:"isFdaRegulatedDevice,omitempty"`
}

type descriptionModule struct {
	BriefSummary        string `json:"briefSummary"`
	DetailedDescription string `json:"detailedDescription,omitempty"`
}

type conditionsModule struct {
	Conditions []string `json:"conditions"`
	Keywords   []string `json:"keywords,omitempty"`
}

type designModule struct {
	StudyType       string          `json:"studyType"`
	PatientRegistry *bool           `json:"patientRegistry,omitempty"`
	Phases          []string        `json:"phases,omitempty"`
	DesignInfo      designInfo      `json:"designInfo"`
	EnrollmentInfo  *enrollmentInfo `json:"enrollmentInfo,omitempty"`
}

type designInfo struct {
	Allocation         string       `json:"allocation,omitempty"`
	InterventionModel  string       `json:"interventionModel,omitempty"`
	PrimaryPurpose     string       `json:"primaryPurpose,omitempty"`
	ObservationalModel string       `json:"observationalModel,omitempty"`
	TimePerspective    string       `json:"timePerspective,omitempty"`
	MaskingInfo        *maskingInfo `json:"maskingInfo,omitempty"`
}

type maskingInfo struct {
	Masking   string   `json:"masking"`
	WhoMasked []string `json:"whoMasked,omitempty"`
}

type enrollmentInfo struct {
	Count int    `json:"count"`
	Type  string `json:"type,omitempty"`
}

type armsInterventionsModule struct {
	ArmGroups     []armGroup     `json:"armGroups,omitempty"`
	Interventions []intervention `json:"interventions,omitempty"`
}

type armGroup struct {
	Label             string   `json:"label"`
	Type              string   `json:"type,omitempty"`
	Description       string   `json:"description,omitempty"`
	InterventionNames []string `json:"interventionNames,omitempty"`
}

type intervention struct {
	Type           string   `json:"type"`
	Name           string   `json:"name"`
	Description    string   `json:"description,omitempty"`
	ArmGroupLabels []string `json:"armGroupLabels,omitempty"`
	OtherNames     []string `json:"otherNames,omitempty"`
}

type outcomesModule struct {
	PrimaryOutcomes   []outcome `json:"primaryOutcomes,omitempty"`
	SecondaryOutcomes []outcome `json:"secondaryOutcomes,omitempty"`
	OtherOutcomes     []outcome `json:"otherOutcomes,omitempty"`
}

type outcome struct {
	Measure     string `json:"measure"`
	Description string `json:"description,omitempty"`
	TimeFrame   string `json:"timeFrame,omitempty"`
}

type eligibilityModule struct {
	EligibilityCriteria string   `json:"eligibilityCriteria"`
	HealthyVolunteers   *bool    `json:"healthyVolunteers,omitempty"`
	Sex                 string   `json:"sex"`
	MinimumAge          string   `json:"minimumAge,omitempty"`
	MaximumAge          string   `json:"maximumAge,omitempty"`
	StdAges             []string `json:"stdAges"`
	StudyPopulation     string   `json:"studyPopulation,omitempty"`
	SamplingMethod      string   `json:"samplingMethod,omitempty"`
}

type contactsLocationsModule struct {
	CentralContacts  []contact  `json:"centralContacts,omitempty"`
	OverallOfficials []official `json:"overallOfficials,omitempty"`
	Locations        []location `json:"locations,omitempty"`
}

type contact struct {
	Name  string `json:"name,omitempty"`
	Role  string `json:"role"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

type official struct {
	Name        string `json:"name"`
	Affiliation string `json:"affiliation"`
	Role        string `json:"role"`
}

type location struct {
	Facility string    `json:"facility,omitempty"`
	Status   string    `json:"status,omitempty"`
	City     string    `json:"city"`
	State    string    `json:"state,omitempty"`
	Zip      string    `json:"zip,omitempty"`
	Country  string    `json:"country"`
	Contacts []contact `json:"contacts,omitempty"`
	GeoPoint *geoPoint `json:"geoPoint,omitempty"`
}

type geoPoint struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

type referencesModule struct {
	References []reference `json:"references"`
}

type reference struct {
	PMID     string `json:"pmid,omitempty"`
	Type     string `json:"type"`
	Citation string `json:"citation"`
}

type ipdSharingStatementModule struct {
	IPDSharing  string `json:"ipdSharing"`
	Description string `json:"description,omitempty"`
}

type resultsSection struct {
	ParticipantFlowModule participantFlowModule `json:"participantFlowModule"`
}

type participantFlowModule struct {
	Groups  []flowGroup  `json:"groups"`
	Periods []flowPeriod `json:"periods"`
}

type flowGroup struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Description string `json:"description,omitempty"`
}

type flowPeriod struct {
	Title      string          `json:"title"`
	Milestones []flowMilestone `json:"milestones"`
}

type flowMilestone struct {
	Type         string            `json:"type"`
	Achievements []flowAchievement `json:"achievements"`
}

type flowAchievement struct {
	GroupID     string `json:"groupId"`
	NumSubjects string `json:"numSubjects"`
}

type derivedSection struct {
	MiscInfoModule        miscInfoModule         `json:"miscInfoModule"`
	ConditionBrowseModule *conditionBrowseModule `json:"conditionBrowseModule,omitempty"`
}

type miscInfoModule struct {
	VersionHolder string `json:"versionHolder"`
}

type conditionBrowseModule struct {
	Meshes    []meshTerm `json:"meshes,omitempty"`
	Ancestors []meshTerm `json:"ancestors,omitempty"`
}

type meshTerm struct {
	ID   string `json:"id"`
	Term string `json:"term"`
}
