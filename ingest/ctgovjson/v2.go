package ctgovjson

import (
	"strings"

	"github.com/trialgraph/trialgraph/trial"
)

// record mirrors the parts of an API v2 study that trialgraph maps. Field
// names follow the v2 data dictionary.
type record struct {
	ProtocolSection *struct {
		IdentificationModule struct {
			NCTID          string `json:"nctId"`
			OrgStudyIDInfo struct {
				ID string `json:"id"`
			} `json:"orgStudyIdInfo"`
			SecondaryIDInfos []struct {
				ID     string `json:"id"`
				Type   string `json:"type"`
				Domain string `json:"domain"`
				Link   string `json:"link"`
			} `json:"secondaryIdInfos"`
			Organization *struct {
				FullName string `json:"fullName"`
				Class    string `json:"class"`
			} `json:"organization"`
			BriefTitle    string `json:"briefTitle"`
			OfficialTitle string `json:"officialTitle"`
			Acronym       string `json:"acronym"`
		} `json:"identificationModule"`
		StatusModule struct {
			StatusVerifiedDate          string     `json:"statusVerifiedDate"`
			OverallStatus               string     `json:"overallStatus"`
			LastKnownStatus             string     `json:"lastKnownStatus"`
			StartDateStruct             dateStruct `json:"startDateStruct"`
			PrimaryCompletionDateStruct dateStruct `json:"primaryCompletionDateStruct"`
			CompletionDateStruct        dateStruct `json:"completionDateStruct"`
			StudyFirstSubmitDate        string     `json:"studyFirstSubmitDate"`
			StudyFirstPostDateStruct    dateStruct `json:"studyFirstPostDateStruct"`
			LastUpdateSubmitDate        string     `json:"lastUpdateSubmitDate"`
			LastUpdatePostDateStruct    dateStruct `json:"lastUpdatePostDateStruct"`
		} `json:"statusModule"`
		SponsorCollaboratorsModule struct {
			ResponsibleParty *struct {
				Type                    string `json:"type"`
				InvestigatorFullName    string `json:"investigatorFullName"`
				InvestigatorTitle       string `json:"investigatorTitle"`
				InvestigatorAffiliation string `json:"investigatorAffiliation"`
				OldNameTitle            string `json:"oldNameTitle"`
				OldOrganization         string `json:"oldOrganization"`
			} `json:"responsibleParty"`
			LeadSponsor   *org  `json:"leadSponsor"`
			Collaborators []org `json:"collaborators"`
		} `json:"sponsorCollaboratorsModule"`
		OversightModule struct {
			OversightHasDmc      *bool `json:"oversightHasDmc"`
			IsFdaRegulatedDrug   *bool `json:"isFdaRegulatedDrug"`
			IsFdaRegulatedDevice *bool `json:"isFdaRegulatedDevice"`
			IsUnapprovedDevice   *bool `json:"isUnapprovedDevice"`
			IsPpsd               *bool `json:"isPpsd"`
			IsUsExport           *bool `json:"isUsExport"`
		} `json:"oversightModule"`
		DescriptionModule struct {
			BriefSummary        string `json:"briefSummary"`
			DetailedDescription string `json:"detailedDescription"`
		} `json:"descriptionModule"`
		ConditionsModule struct {
			Conditions []string `json:"conditions"`
			Keywords   []string `json:"keywords"`
		} `json:"conditionsModule"`
		DesignModule struct {
			StudyType  string   `json:"studyType"`
			Phases     []string `json:"phases"`
			DesignInfo struct {
				Allocation                   string `json:"allocation"`
				InterventionModel            string `json:"interventionModel"`
				InterventionModelDescription string `json:"interventionModelDescription"`
				PrimaryPurpose               string `json:"primaryPurpose"`
				ObservationalModel           string `json:"observationalModel"`
				TimePerspective              string `json:"timePerspective"`
				MaskingInfo                  struct {
					Masking            string   `json:"masking"`
					MaskingDescription string   `json:"maskingDescription"`
					WhoMasked          []string `json:"whoMasked"`
				} `json:"maskingInfo"`
			} `json:"designInfo"`
			EnrollmentInfo *struct {
				Count *int   `json:"count"`
				Type  string `json:"type"`
			} `json:"enrollmentInfo"`
		} `json:"designModule"`
		ArmsInterventionsModule struct {
			ArmGroups []struct {
				Label             string   `json:"label"`
				Type              string   `json:"type"`
				Description       string   `json:"description"`
				InterventionNames []string `json:"interventionNames"`
			} `json:"armGroups"`
			Interventions []struct {
				Type           string   `json:"type"`
				Name           string   `json:"name"`
				Description    string   `json:"description"`
				ArmGroupLabels []string `json:"armGroupLabels"`
				OtherNames     []string `json:"otherNames"`
			} `json:"interventions"`
		} `json:"armsInterventionsModule"`
		OutcomesModule struct {
			PrimaryOutcomes   []outcome `json:"primaryOutcomes"`
			SecondaryOutcomes []outcome `json:"secondaryOutcomes"`
			OtherOutcomes     []outcome `json:"otherOutcomes"`
		} `json:"outcomesModule"`
		EligibilityModule struct {
			EligibilityCriteria string   `json:"eligibilityCriteria"`
			HealthyVolunteers   *bool    `json:"healthyVolunteers"`
			Sex                 string   `json:"sex"`
			GenderBased         *bool    `json:"genderBased"`
			MinimumAge          string   `json:"minimumAge"`
			MaximumAge          string   `json:"maximumAge"`
			StdAges             []string `json:"stdAges"`
			StudyPopulation     string   `json:"studyPopulation"`
			SamplingMethod      string   `json:"samplingMethod"`
		} `json:"eligibilityModule"`
		ContactsLocationsModule struct {
			CentralContacts  []contact `json:"centralContacts"`
			OverallOfficials []struct {
				Name        string `json:"name"`
				Affiliation string `json:"affiliation"`
				Role        string `json:"role"`
			} `json:"overallOfficials"`
			Locations []struct {
				Facility string    `json:"facility"`
				Status   string    `json:"status"`
				City     string    `json:"city"`
				State    string    `json:"state"`
				Zip      string    `json:"zip"`
				Country  string    `json:"country"`
				Contacts []contact `json:"contacts"`
				GeoPoint *struct {
					Lat *float64 `json:"lat"`
					Lon *float64 `json:"lon"`
				} `json:"geoPoint"`
			} `json:"locations"`
		} `json:"contactsLocationsModule"`
		ReferencesModule struct {
			References []struct {
				PMID     string `json:"pmid"`
				Type     string `json:"type"`
				Citation string `json:"citation"`
			} `json:"references"`
			SeeAlsoLinks []struct {
				Label string `json:"label"`
				URL   string `json:"url"`
			} `json:"seeAlsoLinks"`
		} `json:"referencesModule"`
		IPDSharingStatementModule *struct {
			IPDSharing     string   `json:"ipdSharing"`
			Description    string   `json:"description"`
			InfoTypes      []string `json:"infoTypes"`
			TimeFrame      string   `json:"timeFrame"`
			AccessCriteria string   `json:"accessCriteria"`
			URL            string   `json:"url"`
		} `json:"ipdSharingStatementModule"`
	} `json:"protocolSection"`
	DerivedSection struct {
		ConditionBrowseModule struct {
			Meshes []struct {
				ID   string `json:"id"`
				Term string `json:"term"`
			} `json:"meshes"`
		} `json:"conditionBrowseModule"`
	} `json:"derivedSection"`
	HasResults *bool `json:"hasResults"`
}

type dateStruct struct {
	Date string `json:"date"`
	Type string `json:"type"`
}

type org struct {
	Name  string `json:"name"`
	Class string `json:"class"`
}

type outcome struct {
	Measure     string `json:"measure"`
	Description string `json:"description"`
	TimeFrame   string `json:"timeFrame"`
}

type contact struct {
	Name     string `json:"name"`
	Role     string `json:"role"`
	Phone    string `json:"phone"`
	PhoneExt string `json:"phoneExt"`
	Email    string `json:"email"`
}

func date(d dateStruct) trial.Date { return trial.Date{Value: d.Date, Type: d.Type} }

func outcomes(in []outcome) []trial.Outcome {
	var out []trial.Outcome
	for _, o := range in {
		out = append(out, trial.Outcome{Measure: o.Measure, TimeFrame: o.TimeFrame, Description: o.Description})
	}
	return out
}

func contacts(in []contact) []trial.Contact {
	var out []trial.Contact
	for _, c := range in {
		name, deg := trial.SplitDegrees(c.Name)
		out = append(out, trial.Contact{Name: name, Degrees: deg, Role: c.Role, Phone: c.Phone, PhoneExt: c.PhoneExt, Email: c.Email})
	}
	return out
}

// study converts a decoded record. It reports the JSON field of the first
// missing required value.
func (r *record) study() (*trial.Study, string) {
	p := r.ProtocolSection
	if p == nil {
		return nil, "protocolSection"
	}
	id := p.IdentificationModule
	s := &trial.Study{
		NCTID:         strings.TrimSpace(id.NCTID),
		OrgStudyID:    id.OrgStudyIDInfo.ID,
		BriefTitle:    id.BriefTitle,
		OfficialTitle: id.OfficialTitle,
		Acronym:       id.Acronym,
		HasResults:    r.HasResults,
	}
	if !trial.IsNCTID(s.NCTID) {
		return nil, "protocolSection.identificationModule.nctId"
	}
	for _, x := range id.SecondaryIDInfos {
		s.SecondaryIDs = append(s.SecondaryIDs, trial.SecondaryID{ID: x.ID, Type: x.Type, Domain: x.Domain, Link: x.Link})
	}
	if id.Organization != nil && id.Organization.FullName != "" {
		s.Organization = &trial.Organization{Name: id.Organization.FullName, Class: id.Organization.Class}
	}

	st := p.StatusModule
	s.OverallStatus = st.OverallStatus
	s.LastKnownStatus = st.LastKnownStatus
	s.StatusVerifiedDate = trial.Date{Value: st.StatusVerifiedDate}
	s.StartDate = date(st.StartDateStruct)
	s.PrimaryCompletion = date(st.PrimaryCompletionDateStruct)
	s.CompletionDate = date(st.CompletionDateStruct)
	s.FirstSubmitDate = trial.Date{Value: st.StudyFirstSubmitDate}
	s.FirstPostDate = date(st.StudyFirstPostDateStruct)
	s.LastUpdatePostDate = date(st.LastUpdatePostDateStruct)
	s.LastUpdateSubmit = trial.Date{Value: st.LastUpdateSubmitDate}

	sc := p.SponsorCollaboratorsModule
	if sc.LeadSponsor != nil && sc.LeadSponsor.Name != "" {
		s.LeadSponsor = &trial.Organization{Name: sc.LeadSponsor.Name, Class: sc.LeadSponsor.Class}
	}
	for _, c := range sc.Collaborators {
		if c.Name != "" {
			s.Collaborators = append(s.Collaborators, trial.Organization{Name: c.Name, Class: c.Class})
		}
	}
	if rp := sc.ResponsibleParty; rp != nil {
		name, affil, title := rp.InvestigatorFullName, rp.InvestigatorAffiliation, rp.InvestigatorTitle
		if name == "" && rp.OldNameTitle != "" {
			name = rp.OldNameTitle
		}
		if affil == "" {
			affil = rp.OldOrganization
		}
		name, _ = trial.SplitDegrees(name)
		s.ResponsibleParty = &trial.ResponsibleParty{Type: rp.Type, Name: name, Title: title, Affiliation: affil}
	}

	ov := p.OversightModule
	s.Oversight = trial.Oversight{HasDMC: ov.OversightHasDmc, FDARegulatedDrug: ov.IsFdaRegulatedDrug,
		FDARegulatedDevice: ov.IsFdaRegulatedDevice, UnapprovedDevice: ov.IsUnapprovedDevice, PPSD: ov.IsPpsd, USExport: ov.IsUsExport}

	s.BriefSummary = p.DescriptionModule.BriefSummary
	s.DetailedDescription = p.DescriptionModule.DetailedDescription

	meshes := r.DerivedSection.ConditionBrowseModule.Meshes
	used := make([]bool, len(meshes))
	for _, c := range p.ConditionsModule.Conditions {
		cond := trial.Condition{Name: c}
		for i, m := range meshes {
			if strings.EqualFold(strings.TrimSpace(m.Term), strings.TrimSpace(c)) {
				cond.MeshID = m.ID
				used[i] = true
				break
			}
		}
		s.Conditions = append(s.Conditions, cond)
	}
	for i, m := range meshes {
		if !used[i] && m.ID != "" {
			s.Conditions = append(s.Conditions, trial.Condition{Name: m.Term, MeshID: m.ID})
		}
	}
	s.Keywords = p.ConditionsModule.Keywords

	d := p.DesignModule
	s.StudyType = d.StudyType
	s.Phases = d.Phases
	di := d.DesignInfo
	s.Design = trial.Design{
		Allocation: di.Allocation, InterventionModel: di.InterventionModel, ModelDescription: di.InterventionModelDescription,
		PrimaryPurpose: di.PrimaryPurpose, ObservationalModel: di.ObservationalModel, TimePerspective: di.TimePerspective,
		Masking: di.MaskingInfo.Masking, MaskingDescription: di.MaskingInfo.MaskingDescription, WhoMasked: di.MaskingInfo.WhoMasked,
	}
	if e := d.EnrollmentInfo; e != nil && e.Count != nil {
		s.Enrollment = &trial.Enrollment{Count: *e.Count, Type: e.Type}
	}

	for _, a := range p.ArmsInterventionsModule.ArmGroups {
		s.Arms = append(s.Arms, trial.Arm{Label: a.Label, Type: a.Type, Description: a.Description, InterventionNames: a.InterventionNames})
	}
	for _, iv := range p.ArmsInterventionsModule.Interventions {
		s.Interventions = append(s.Interventions, trial.Intervention{Type: iv.Type, Name: iv.Name, Description: iv.Description,
			OtherNames: iv.OtherNames, ArmLabels: iv.ArmGroupLabels})
	}
	s.PrimaryOutcomes = outcomes(p.OutcomesModule.PrimaryOutcomes)
	s.SecondaryOutcomes = outcomes(p.OutcomesModule.SecondaryOutcomes)
	s.OtherOutcomes = outcomes(p.OutcomesModule.OtherOutcomes)

	el := p.EligibilityModule
	s.Eligibility = trial.Eligibility{Criteria: el.EligibilityCriteria, HealthyVolunteers: el.HealthyVolunteers, Sex: el.Sex,
		GenderBased: el.GenderBased, MinimumAge: el.MinimumAge, MaximumAge: el.MaximumAge, StdAges: el.StdAges,
		StudyPopulation: el.StudyPopulation, SamplingMethod: el.SamplingMethod}

	cl := p.ContactsLocationsModule
	s.CentralContacts = contacts(cl.CentralContacts)
	for _, o := range cl.OverallOfficials {
		name, deg := trial.SplitDegrees(o.Name)
		s.Officials = append(s.Officials, trial.Person{Name: name, Degrees: deg, Role: o.Role, Affiliation: o.Affiliation})
	}
	for _, l := range cl.Locations {
		loc := trial.Location{Facility: l.Facility, Status: l.Status, City: l.City, State: l.State, Zip: l.Zip,
			Country: l.Country, Contacts: contacts(l.Contacts)}
		if g := l.GeoPoint; g != nil && g.Lat != nil && g.Lon != nil {
			loc.Geo = &trial.GeoPoint{Lat: *g.Lat, Lon: *g.Lon}
		}
		s.Locations = append(s.Locations, loc)
	}
	for _, ref := range p.ReferencesModule.References {
		s.References = append(s.References, trial.Reference{PMID: ref.PMID, Type: ref.Type, Citation: ref.Citation,
			DOI: trial.DOIFromCitation(ref.Citation)})
	}
	for _, l := range p.ReferencesModule.SeeAlsoLinks {
		s.SeeAlsoLinks = append(s.SeeAlsoLinks, trial.Link{Label: l.Label, URL: l.URL})
	}
	if ip := p.IPDSharingStatementModule; ip != nil {
		s.IPDSharing = &trial.IPDSharing{Plan: ip.IPDSharing, Description: ip.Description, InfoTypes: ip.InfoTypes,
			TimeFrame: ip.TimeFrame, AccessCrit: ip.AccessCriteria, URL: ip.URL}
	}
	s.Source.LastUpdated = s.LastUpdatePostDate.Value
	if s.Source.LastUpdated == "" {
		s.Source.LastUpdated = s.LastUpdateSubmit.Value
	}
	return s, ""
}
