package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// refDate is "today" for the generated registry: studies completing after
// it are still running. Fixed so output does not depend on the clock.
var refDate = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

const versionHolder = "2025-05-30"

// cellSource is one MSC source with the intervention names and
// descriptions registries use for it.
type cellSource struct {
	slug  string
	names []string
	other []string
}

var cellSources = []cellSource{
	{"umbilical-cord", []string{"Human umbilical cord mesenchymal stem cells (hUC-MSCs)", "Umbilical Cord Mesenchymal Stem Cells", "Allogeneic umbilical cord-derived MSCs", "UC-MSC infusion"}, []string{"hUC-MSCs", "UC-MSCs"}},
	{"bone-marrow", []string{"Autologous bone marrow-derived mesenchymal stromal cells (BM-MSCs)", "Allogeneic Bone Marrow Mesenchymal Stem Cells", "Bone marrow MSC"}, []string{"BM-MSCs", "MSC-BM"}},
	{"adipose", []string{"Autologous adipose-derived mesenchymal stem cells (AD-MSCs)", "Allogeneic adipose tissue-derived stromal cells", "Adipose-derived MSCs"}, []string{"AD-MSCs", "ASCs"}},
	{"whartons-jelly", []string{"Wharton's Jelly-derived Mesenchymal Stromal Cells (WJ-MSCs)", "WJ-MSC", "Wharton’s jelly mesenchymal stem cells"}, []string{"WJ-MSCs"}},
	{"placenta", []string{"Placenta-derived mesenchymal stem cells (PMSCs)", "Human placental mesenchymal stromal cells"}, []string{"P-MSCs"}},
	{"dental-pulp", []string{"Human dental pulp stem cells (hDPSCs)", "Dental pulp mesenchymal stem cells"}, []string{"DPSCs"}},
	{"menstrual-blood", []string{"Menstrual blood-derived stem cells (MenSCs)", "Human menstrual blood-derived mesenchymal stem cells"}, []string{"MenSCs"}},
	{"unspecified", []string{"Mesenchymal Stem Cells", "Allogeneic mesenchymal stromal cells", "MSC infusion", "Mesenchymal stromal cells (MSCs)"}, []string{"MSCs"}},
	{"exosomes", []string{"Exosomes derived from human umbilical cord MSCs", "MSC-derived extracellular vesicles (MSC-EVs)", "Bone marrow MSC-derived exosomes", "Secretome of adipose-derived mesenchymal stem cells"}, []string{"MSC-Exo", "EVs"}},
	{"cord-blood", []string{"Umbilical cord blood-derived mesenchymal stem cells (UCB-MSCs)"}, []string{"UCB-MSCs"}},
	{"amnion", []string{"Human amniotic mesenchymal stem cells (hAMSCs)", "Amniotic membrane-derived MSCs"}, []string{"hAMSCs"}},
}

// cellSourceWeight: umbilical cord and bone marrow dominate MSC trials.
var cellSourceWeight = newDist(count[int]{0, 30}, count[int]{1, 22}, count[int]{2, 14}, count[int]{3, 7}, count[int]{4, 4},
	count[int]{5, 3}, count[int]{6, 2}, count[int]{7, 10}, count[int]{8, 5}, count[int]{9, 2}, count[int]{10, 1})

// mscConditions are conditions MSC trials target, with MeSH terms.
var mscConditions = []conditionsBlock{
	{[]string{"COVID-19", "Acute Respiratory Distress Syndrome"}, []meshTerm{{"D000086382", "COVID-19"}, {"D000012128", "Respiratory Distress Syndrome"}}, []meshTerm{{"D000012140", "Respiratory Tract Diseases"}}},
	{[]string{"Knee Osteoarthritis"}, []meshTerm{{"D000020370", "Osteoarthritis, Knee"}}, []meshTerm{{"D000010003", "Osteoarthritis"}, {"D000001168", "Arthritis"}}},
	{[]string{"Graft vs Host Disease"}, []meshTerm{{"D000006086", "Graft vs Host Disease"}}, []meshTerm{{"D000007154", "Immune System Diseases"}}},
	{[]string{"Crohn Disease", "Perianal Fistula"}, []meshTerm{{"D000003424", "Crohn Disease"}}, []meshTerm{{"D000015212", "Inflammatory Bowel Diseases"}}},
	{[]string{"Spinal Cord Injuries"}, []meshTerm{{"D000013119", "Spinal Cord Injuries"}}, []meshTerm{{"D000013118", "Spinal Cord Diseases"}}},
	{[]string{"Heart Failure"}, []meshTerm{{"D000006333", "Heart Failure"}}, []meshTerm{{"D000006331", "Heart Diseases"}}},
	{[]string{"Liver Cirrhosis"}, []meshTerm{{"D000008103", "Liver Cirrhosis"}}, []meshTerm{{"D000008107", "Liver Diseases"}}},
	{[]string{"Diabetic Foot Ulcer"}, []meshTerm{{"D000017719", "Diabetic Foot"}}, []meshTerm{{"D000003925", "Diabetic Angiopathies"}}},
	{[]string{"Systemic Lupus Erythematosus"}, []meshTerm{{"D000008180", "Lupus Erythematosus, Systemic"}}, []meshTerm{{"D000001327", "Autoimmune Diseases"}}},
	{[]string{"Multiple Sclerosis"}, []meshTerm{{"D000009103", "Multiple Sclerosis"}}, []meshTerm{{"D000020278", "Demyelinating Autoimmune Diseases, CNS"}}},
	{[]string{"Amyotrophic Lateral Sclerosis"}, []meshTerm{{"D000000690", "Amyotrophic Lateral Sclerosis"}}, []meshTerm{{"D000016472", "Motor Neuron Disease"}}},
	{[]string{"Bronchopulmonary Dysplasia"}, []meshTerm{{"D000001997", "Bronchopulmonary Dysplasia"}}, []meshTerm{{"D000008171", "Lung Diseases"}}},
	{[]string{"Ischemic Stroke"}, []meshTerm{{"D000083242", "Ischemic Stroke"}}, []meshTerm{{"D000020521", "Stroke"}}},
	{[]string{"Premature Ovarian Failure"}, []meshTerm{{"D000016649", "Primary Ovarian Insufficiency"}}, []meshTerm{{"D000010049", "Ovarian Diseases"}}},
	{[]string{"Acute-On-Chronic Liver Failure"}, []meshTerm{{"D000065290", "Acute-On-Chronic Liver Failure"}}, []meshTerm{{"D000017093", "Liver Failure"}}},
}

var mscOutcomes = [][3]string{
	{"Change in oxygenation index (PaO2/FiO2)", "The ratio of arterial oxygen partial pressure to fractional inspired oxygen.", "At baseline, 6 hour, day 1, day 3, day 7, day 14 and day 28"},
	{"Incidence of infusion-related adverse events", "Adverse events within 24 hours of MSC infusion, graded by CTCAE v5.0.", "24 hours after each infusion"},
	{"Number of participants with treatment-related serious adverse events", "", "12 months"},
	{"Change from baseline in WOMAC score", "Western Ontario and McMaster Universities Osteoarthritis Index, 0–96, higher is worse.", "Baseline, 3, 6 and 12 months"},
	{"Overall response rate of acute GvHD", "Complete or partial response by MAGIC criteria.", "Day 28"},
	{"Change in left ventricular ejection fraction (LVEF)", "Measured by cardiac MRI.", "6 months"},
	{"Change in MELD score", "Model for End-Stage Liver Disease score.", "Baseline, week 4, week 12, week 24"},
	{"Complete wound closure", "Proportion of ulcers with 100% re-epithelialisation.", "12 weeks"},
	{"Change in ASIA Impairment Scale grade", "", "6 and 12 months"},
	{"28-day all-cause mortality", "", "28 days"},
}

// generator holds what one worker reuses between studies.
type generator struct {
	w       *world
	n       int
	mscFrac float64
}

// nctID returns the id of study i of n: ids increase with i and are
// unique; the gap between them is drawn from the study's own stream.
func nctID(i, n int, r *rand.Rand) string {
	stride := max(1, 7_000_000/n)
	return fmt.Sprintf("NCT%08d", 100+i*stride+r.IntN(stride))
}

// study returns study i, a function of the seed and i only.
func (g *generator) study(i int) (*study, bool) {
	r := rand.New(rand.NewPCG(g.w.seed, uint64(i)+1))
	s := &study{}
	ps := &s.ProtocolSection
	id := &ps.IdentificationModule
	id.NctID = nctID(i, g.n, r)
	msc := r.Float64() < g.mscFrac

	// Registration date grows with the id, as in the registry (1999-2025,
	// more registrations in recent years).
	t := (float64(i) + 0.5) / float64(g.n)
	firstSubmit := time.Date(1999, 10, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(math.Pow(t, 0.75) * float64(refDate.Sub(time.Date(1999, 10, 1, 0, 0, 0, 0, time.UTC)))))
	start := firstSubmit.AddDate(0, r.IntN(12)-4, r.IntN(28))
	completion := start.AddDate(1+r.IntN(4), r.IntN(12), r.IntN(28))
	primaryCompletion := completion.AddDate(0, -r.IntN(6), 0)

	// Country and sites.
	country := countries.draw(r)
	if msc {
		country = mscCountries.draw(r)
	}
	nLoc := nLocations.draw(r)
	var locs []*site
	seenSite := map[int]bool{}
	multinational := nLoc > 1 && r.Float64() > fracSingleCountry
	for k := 0; k < nLoc && len(locs) < nLoc; k++ {
		cc := country
		if multinational && k > 0 && r.IntN(2) == 0 {
			cc = countries.draw(r)
		}
		pool := g.w.sites[cc]
		st := pool[zipfPick(r, len(pool))]
		for tries := 0; seenSite[st.id] && tries < 5; tries++ {
			st = pool[r.IntN(len(pool))]
		}
		if !seenSite[st.id] {
			seenSite[st.id] = true
			locs = append(locs, st)
		}
	}

	// Status, consistent with the dates.
	var status string
	if completion.After(refDate) {
		status = openStatus.draw(r)
		if start.After(refDate) {
			status = "NOT_YET_RECRUITING"
		}
	} else {
		status = closedStatus.draw(r)
	}
	sm := &ps.StatusModule
	sm.OverallStatus = status
	if status == "UNKNOWN" {
		sm.LastKnownStatus = lastKnown.draw(r)
	}
	if (status == "TERMINATED" || status == "WITHDRAWN" || status == "SUSPENDED") && r.Float64() < fracWhyStopped {
		sm.WhyStopped = p(r, whyStopped)
	}
	fullDates := r.Float64() < fracFullDate
	dt := func(d time.Time) dateStruct {
		ds := dateStruct{Date: d.Format("2006-01"), Type: "ACTUAL"}
		if fullDates {
			ds.Date = d.Format("2006-01-02")
		}
		if d.After(refDate) || status == "UNKNOWN" && d.After(refDate.AddDate(-3, 0, 0)) {
			ds.Type = "ESTIMATED"
		}
		return ds
	}
	lastUpdate := minTime(refDate.AddDate(0, 0, -r.IntN(60)), completion.AddDate(0, 1+r.IntN(18), 0))
	if lastUpdate.Before(firstSubmit) {
		lastUpdate = firstSubmit.AddDate(0, 0, 2)
	}
	sm.StatusVerifiedDate = lastUpdate.Format("2006-01")
	sm.ExpandedAccessInfo = &expandedAccessInfo{}
	sm.StartDateStruct = dt(start)
	if r.Float64() < 357.0/358 {
		pc := dt(primaryCompletion)
		sm.PrimaryCompletionDateStruct = &pc
	}
	sm.CompletionDateStruct = dt(completion)
	sm.StudyFirstSubmitDate = firstSubmit.Format("2006-01-02")
	sm.StudyFirstSubmitQcDate = firstSubmit.AddDate(0, 0, r.IntN(3)).Format("2006-01-02")
	sm.StudyFirstPostDateStruct = dateStruct{firstSubmit.AddDate(0, 0, 1+r.IntN(9)).Format("2006-01-02"), "ACTUAL"}
	sm.LastUpdateSubmitDate = lastUpdate.Format("2006-01-02")
	sm.LastUpdatePostDateStruct = dateStruct{lastUpdate.AddDate(0, 0, 1+r.IntN(3)).Format("2006-01-02"), "ACTUAL"}

	// Design.
	dm := &ps.DesignModule
	dm.StudyType = studyType.draw(r)
	if msc {
		dm.StudyType = "INTERVENTIONAL"
	}
	interventional := dm.StudyType == "INTERVENTIONAL"
	if interventional {
		if msc {
			dm.Phases = mscPhases.draw(r)
		} else {
			dm.Phases = phases.draw(r)
		}
		di := &dm.DesignInfo
		di.Allocation = allocation.draw(r)
		di.InterventionModel = interModel.draw(r)
		if di.InterventionModel == "SINGLE_GROUP" {
			di.Allocation = "NA"
		}
		di.PrimaryPurpose = purpose.draw(r)
		if msc {
			di.PrimaryPurpose = "TREATMENT"
		}
		di.MaskingInfo = &maskingInfo{Masking: masking.draw(r)}
		di.MaskingInfo.WhoMasked = whoMasked(r, di.MaskingInfo.Masking)
	} else if dm.StudyType == "OBSERVATIONAL" {
		dm.DesignInfo.ObservationalModel = obsModel.draw(r)
		dm.DesignInfo.TimePerspective = timePersp.draw(r)
		if r.IntN(10) < 6 {
			dm.PatientRegistry = ptr(r.IntN(4) == 0)
		}
	}
	if r.Float64() < fracEnrollment {
		dm.EnrollmentInfo = &enrollmentInfo{Count: drawEnrollment(r), Type: "ACTUAL"}
		if status == "WITHDRAWN" {
			dm.EnrollmentInfo.Count = 0
		}
		if completion.After(refDate) || status == "UNKNOWN" {
			dm.EnrollmentInfo.Type = "ESTIMATED"
		}
	}

	// Conditions.
	cond := g.w.corpus.Conditions[r.IntN(len(g.w.corpus.Conditions))]
	if msc {
		cond = mscConditions[r.IntN(len(mscConditions))]
	}
	ps.ConditionsModule.Conditions = cond.Conditions
	for k := nKeywords.draw(r); k > 0; k-- {
		ps.ConditionsModule.Keywords = append(ps.ConditionsModule.Keywords, p(r, g.w.corpus.Keywords))
	}
	if msc {
		ps.ConditionsModule.Keywords = append(ps.ConditionsModule.Keywords, "mesenchymal stem cells", "cell therapy")
	}
	if len(cond.Meshes) > 0 && (msc || r.Float64() < fracMeshes/0.71) {
		s.DerivedSection.ConditionBrowseModule = &conditionBrowseModule{Meshes: cond.Meshes, Ancestors: cond.Ancestors}
	}
	s.DerivedSection.MiscInfoModule.VersionHolder = versionHolder

	// Arms and interventions.
	var ivs []intervention
	nIv := nInterv.draw(r)
	var source *cellSource
	if msc {
		source = &cellSources[cellSourceWeight.draw(r)]
		dose := fmt.Sprintf("%d×10^%d cells/kg", 1+r.IntN(5), 6+r.IntN(2))
		route := p(r, []string{"intravenously", "by intra-articular injection", "intrathecally", "by local injection", "by nebulised inhalation"})
		ivs = append(ivs, intervention{Type: "BIOLOGICAL", Name: p(r, source.names),
			Description: fmt.Sprintf("%s %s, %s on days %s. %s", p(r, source.names), dose, route, p(r, []string{"0", "0 and 7", "1, 3 and 5", "0, 14 and 28"}), p(r, mscProducts)),
			OtherNames:  []string{p(r, source.other)}})
		if nIv > 1 {
			ivs = append(ivs, intervention{Type: p(r, []string{"DRUG", "OTHER"}), Name: p(r, []string{"Placebo", "Standard of care", "Normal saline"}), Description: "Matched in volume and appearance; given on the same days."})
		}
	} else if interventional || dm.StudyType == "EXPANDED_ACCESS" {
		for k := 0; k < nIv; k++ {
			typ := interType.draw(r)
			pool := g.w.byType[typ]
			if len(pool) == 0 {
				pool = g.w.corpus.Interventions
			}
			c := pool[r.IntN(len(pool))]
			iv := intervention{Type: c[0], Name: c[1], Description: c[2]}
			for m := nOtherNames.draw(r); m > 0; m-- {
				iv.OtherNames = append(iv.OtherNames, p(r, g.w.corpus.OtherNames))
			}
			ivs = append(ivs, iv)
		}
	} else if r.IntN(10) < 7 { // observational studies often name an exposure
		c := p(r, g.w.corpus.Interventions)
		ivs = append(ivs, intervention{Type: c[0], Name: c[1], Description: c[2]})
	}
	ivs = dedupInterventions(ivs)
	var arms []armGroup
	nArm := nArms.draw(r)
	if !interventional {
		nArm = min(nArm, 3)
	}
	for k := 0; k < nArm && (len(ivs) > 0 || !interventional); k++ {
		a := armGroup{}
		if interventional {
			a.Type = armType.draw(r)
			if k == 0 {
				a.Type = "EXPERIMENTAL"
			}
			iv := ivs[k%len(ivs)]
			a.Label = fmt.Sprintf("%s %s", iv.Name, p(r, []string{"group", "arm", ""}))
			a.Label = strings.TrimSpace(a.Label)
			if k > 0 {
				a.Label = fmt.Sprintf("%s %d", a.Label, k+1)
			}
			a.Description = iv.Description
			a.InterventionNames = []string{interventionLabel(iv.Type) + ": " + iv.Name}
			ivs[k%len(ivs)].ArmGroupLabels = append(ivs[k%len(ivs)].ArmGroupLabels, a.Label)
		} else {
			a.Label = p(r, []string{"Cohort", "Patients with " + cond.Conditions[0], "Healthy controls", "Exposed", "Unexposed"})
			if k > 0 {
				a.Label = fmt.Sprintf("%s %d", a.Label, k+1)
			}
			a.Description = "Participants with " + strings.ToLower(cond.Conditions[0]) + "."
		}
		arms = append(arms, a)
	}
	if len(arms) > 0 || len(ivs) > 0 {
		ps.ArmsInterventionsModule = &armsInterventionsModule{ArmGroups: arms, Interventions: ivs}
	}

	// Titles and description.
	mainIv := "Standard Care"
	if len(ivs) > 0 {
		mainIv = ivs[0].Name
	}
	condName := cond.Conditions[0]
	switch {
	case !interventional:
		id.BriefTitle = p(r, []string{condName + " Registry", "Observational Study of " + condName + " in " + country, "Long-term Outcomes of " + condName, "Real-world Use of " + mainIv + " in " + condName})
	default:
		id.BriefTitle = p(r, []string{mainIv + " for " + condName, "A Study of " + mainIv + " in Patients With " + condName, "Efficacy and Safety of " + mainIv + " in " + condName, mainIv + " in the Treatment of " + condName})
	}
	if r.Float64() < fracOfficialTitle {
		id.OfficialTitle = officialTitle(r, dm, mainIv, condName)
	}
	if r.Float64() < fracAcronym {
		id.Acronym = acronym(r)
	}
	id.OrgStudyIDInfo = idInfo{ID: orgStudyID(r, firstSubmit)}
	if r.Float64() < fracSecondaryID {
		id.SecondaryIDInfos = []idInfo{{ID: fmt.Sprintf("%d-%06d-%02d", firstSubmit.Year(), r.IntN(1e6), r.IntN(100)), Type: "REGISTRY", Domain: "EudraCT Number"}}
	}
	if msc {
		ps.DescriptionModule.BriefSummary = fmt.Sprintf("This study evaluates the safety and efficacy of %s in patients with %s. %s", strings.ToLower(ivs[0].Name[:1])+ivs[0].Name[1:], condName, p(r, mscSummaries))
	} else {
		ps.DescriptionModule.BriefSummary = p(r, g.w.corpus.Summaries)
	}
	if r.Float64() < fracDetailed {
		ps.DescriptionModule.DetailedDescription = p(r, g.w.corpus.Details)
	}

	// Sponsor.
	sc := &ps.SponsorCollaboratorsModule
	cls := sponsorCls.draw(r)
	if msc && r.IntN(3) == 0 {
		cls = "INDUSTRY"
	}
	if cls == "OTHER" && len(locs) > 0 && r.IntN(2) == 0 {
		sc.LeadSponsor = sponsor{locs[0].facility, "OTHER"}
	} else {
		pool := g.w.sponsors[cls]
		sc.LeadSponsor = pool[zipfPick(r, len(pool))]
	}
	for k := nCollab.draw(r); k > 0; k-- {
		pool := g.w.sponsors[p(r, []string{"OTHER", "OTHER", "INDUSTRY", "OTHER_GOV", "NETWORK"})]
		c := pool[zipfPick(r, len(pool))]
		if c != sc.LeadSponsor && !containsSponsor(sc.Collaborators, c) {
			sc.Collaborators = append(sc.Collaborators, c)
		}
	}
	id.Organization = organization{sc.LeadSponsor.Name, sc.LeadSponsor.Class}

	// People: the investigators of a site are a small fixed roster, so the
	// same person runs many trials at that site.
	person := func(st *site) string {
		j := min(int(-math.Log2(1-r.Float64())), 11)
		pr := rand.New(rand.NewPCG(g.w.seed^0x9e3779b97f4a7c15, uint64(st.id)<<4|uint64(j)))
		return personName(pr, st.country, g.w.corpus.People)
	}
	affiliation := sc.LeadSponsor.Name
	var pi string
	var clm contactsLocationsModule
	for k := nOfficials.draw(r); k > 0; k-- {
		o := official{Role: officialRol.draw(r), Affiliation: sc.LeadSponsor.Name}
		if len(locs) > 0 {
			st := locs[r.IntN(min(len(locs), 3))]
			o.Name, o.Affiliation = person(st), st.facility
		} else {
			o.Name = personName(r, country, g.w.corpus.People)
		}
		if pi == "" {
			pi, affiliation = o.Name, o.Affiliation
		}
		clm.OverallOfficials = append(clm.OverallOfficials, o)
	}
	if rp := rpType.draw(r); rp != "" {
		sc.ResponsibleParty = &responsibleParty{Type: rp}
		if rp != "SPONSOR" {
			if pi == "" {
				pi = personName(r, country, g.w.corpus.People)
			}
			sc.ResponsibleParty.InvestigatorFullName = pi
			sc.ResponsibleParty.InvestigatorTitle = p(r, []string{"Professor", "Principal Investigator", "Associate Professor", "Director", "Chief Physician"})
			sc.ResponsibleParty.InvestigatorAffiliation = affiliation
		}
	}
	if interventional && r.Float64() < fracOversight {
		ps.OversightModule = &oversightModule{OversightHasDmc: ptr(r.IntN(3) == 0)}
		if country == "United States" || r.IntN(4) == 0 {
			ps.OversightModule.IsFdaRegulatedDrug = ptr(country == "United States" && r.IntN(2) == 0)
			ps.OversightModule.IsFdaRegulatedDevice = ptr(country == "United States" && r.IntN(4) == 0)
		}
	}
	open := status == "RECRUITING" || status == "NOT_YET_RECRUITING" || status == "ENROLLING_BY_INVITATION" || status == "ACTIVE_NOT_RECRUITING"
	if open {
		for k := nCentral.draw(r); k > 0; k-- {
			name := pi
			if name == "" || k == 2 {
				name = personName(r, country, g.w.corpus.People)
			}
			clm.CentralContacts = append(clm.CentralContacts, contact{Name: name, Role: "CONTACT", Phone: phone(r), Email: email(name, sc.LeadSponsor.Name)})
		}
	}
	for _, st := range locs {
		l := location{City: st.city, Country: st.country}
		if r.Float64() < fracFacility {
			l.Facility = st.facility
		}
		if open {
			l.Status = status
		}
		if r.Float64() < fracLocState/0.75 {
			l.State = st.state
		}
		l.Zip = st.zip
		if open {
			for k := nSiteContact.draw(r) * 3; k > 0; k-- { // contacts are listed for recruiting studies
				name := person(st)
				c := contact{Name: name, Role: siteRole.draw(r)}
				if r.Float64() < fracContactEmail {
					c.Email = email(name, st.facility)
				}
				if r.Float64() < fracContactPhone {
					c.Phone = phone(r)
				}
				l.Contacts = append(l.Contacts, c)
				k -= 2
			}
		}
		if st.geo {
			l.GeoPoint = &geoPoint{st.lat, st.lon}
		}
		clm.Locations = append(clm.Locations, l)
	}
	if len(clm.Locations)+len(clm.OverallOfficials)+len(clm.CentralContacts) > 0 {
		ps.ContactsLocationsModule = &clm
	}

	// Outcomes.
	om := &outcomesModule{}
	outc := func(k int) []outcome {
		var out []outcome
		for ; k > 0; k-- {
			o := p(r, g.w.corpus.Outcomes)
			if msc && r.IntN(2) == 0 {
				o = p(r, mscOutcomes)
			}
			out = append(out, outcome{o[0], o[1], o[2]})
		}
		return out
	}
	om.PrimaryOutcomes = outc(max(nPrimary.draw(r), 1))
	om.SecondaryOutcomes = outc(nSecondary.draw(r))
	om.OtherOutcomes = outc(nOther.draw(r))
	if r.Float64() < 354.0/358 {
		ps.OutcomesModule = om
	}

	// Eligibility.
	em := &ps.EligibilityModule
	em.EligibilityCriteria = p(r, g.w.corpus.Criteria)
	if r.Float64() < fracHealthyKnown {
		em.HealthyVolunteers = ptr(r.Float64() < fracHealthy)
	}
	em.Sex = sexDist.draw(r)
	lo, hi := minAge.draw(r), maxAge.draw(r)
	if hi >= 0 && lo >= 0 && hi <= lo {
		hi = -1
	}
	if lo >= 0 {
		em.MinimumAge = years(lo)
	}
	if hi >= 0 {
		em.MaximumAge = years(hi)
	}
	em.StdAges = stdAges(lo, hi)
	if dm.StudyType == "OBSERVATIONAL" {
		em.StudyPopulation = "Patients with " + strings.ToLower(condName) + " seen at the participating centres."
		em.SamplingMethod = p(r, []string{"NON_PROBABILITY_SAMPLE", "NON_PROBABILITY_SAMPLE", "PROBABILITY_SAMPLE"})
	}

	// References.
	if r.Float64() < fracReferences {
		rm := &referencesModule{}
		for k := max(nReferences.draw(r), 1); k > 0; k-- {
			c := p(r, g.w.corpus.References)
			rm.References = append(rm.References, reference{PMID: c[0], Type: refType.draw(r), Citation: c[2]})
		}
		ps.ReferencesModule = rm
	}
	if v := ipdSharing.draw(r); v != "" {
		ps.IPDSharingStatementModule = &ipdSharingStatementModule{IPDSharing: v}
		if v == "YES" {
			ps.IPDSharingStatementModule.Description = "Individual participant data that underlie the results reported in publications, after de-identification, on reasonable request to the principal investigator."
		}
	}

	// Results for some finished studies.
	if (status == "COMPLETED" || status == "TERMINATED") && len(arms) > 0 && r.Float64() < fracHasResults {
		s.HasResults = true
		rs := completion.AddDate(0, 6+r.IntN(12), 0)
		sm.ResultsFirstSubmitDate = rs.Format("2006-01-02")
		sm.ResultsFirstSubmitQcDate = rs.AddDate(0, 0, 20+r.IntN(40)).Format("2006-01-02")
		sm.ResultsFirstPostDateStruct = &dateStruct{rs.AddDate(0, 2, 0).Format("2006-01-02"), "ACTUAL"}
		pf := participantFlowModule{}
		started, completed := flowMilestone{Type: "STARTED"}, flowMilestone{Type: "COMPLETED"}
		for k, a := range arms {
			gid := fmt.Sprintf("FG%03d", k)
			pf.Groups = append(pf.Groups, flowGroup{ID: gid, Title: a.Label, Description: a.Description})
			nStart := 5 + r.IntN(200)
			started.Achievements = append(started.Achievements, flowAchievement{gid, fmt.Sprint(nStart)})
			completed.Achievements = append(completed.Achievements, flowAchievement{gid, fmt.Sprint(nStart - r.IntN(nStart/4+1))})
		}
		pf.Periods = []flowPeriod{{Title: "Overall Study", Milestones: []flowMilestone{started, completed}}}
		s.ResultsSection = &resultsSection{ParticipantFlowModule: pf}
	}
	return s, msc
}

func p[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func ptr[T any](v T) *T { return &v }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func whoMasked(r *rand.Rand, m string) []string {
	switch m {
	case "SINGLE":
		return [][]string{{"PARTICIPANT"}, {"OUTCOMES_ASSESSOR"}, {"INVESTIGATOR"}}[r.IntN(3)]
	case "DOUBLE":
		return [][]string{{"PARTICIPANT", "INVESTIGATOR"}, {"PARTICIPANT", "OUTCOMES_ASSESSOR"}, {"PARTICIPANT", "CARE_PROVIDER"}}[r.IntN(3)]
	case "TRIPLE":
		return [][]string{{"PARTICIPANT", "INVESTIGATOR", "OUTCOMES_ASSESSOR"}, {"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR"}}[r.IntN(2)]
	case "QUADRUPLE":
		return []string{"PARTICIPANT", "CARE_PROVIDER", "INVESTIGATOR", "OUTCOMES_ASSESSOR"}
	}
	return nil
}

var interventionLabels = map[string]string{"DRUG": "Drug", "DEVICE": "Device", "BIOLOGICAL": "Biological", "PROCEDURE": "Procedure",
	"RADIATION": "Radiation", "BEHAVIORAL": "Behavioral", "GENETIC": "Genetic", "DIETARY_SUPPLEMENT": "Dietary Supplement",
	"COMBINATION_PRODUCT": "Combination Product", "DIAGNOSTIC_TEST": "Diagnostic Test", "OTHER": "Other"}

func interventionLabel(t string) string {
	if l, ok := interventionLabels[t]; ok {
		return l
	}
	return "Other"
}

func dedupInterventions(ivs []intervention) []intervention {
	var out []intervention
	seen := map[string]bool{}
	for _, iv := range ivs {
		k := iv.Type + "|" + iv.Name
		if !seen[k] {
			seen[k] = true
			out = append(out, iv)
		}
	}
	return out
}

func containsSponsor(xs []sponsor, s sponsor) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

var phaseWords = map[string]string{"EARLY_PHASE1": "Early Phase 1", "PHASE1": "Phase I", "PHASE2": "Phase II", "PHASE3": "Phase III", "PHASE4": "Phase IV"}

func officialTitle(r *rand.Rand, dm *designModule, iv, cond string) string {
	if dm.StudyType != "INTERVENTIONAL" {
		return fmt.Sprintf("A %s %s Study of Patients With %s", titleCase(dm.DesignInfo.TimePerspective), "Observational", cond)
	}
	var ph []string
	for _, x := range dm.Phases {
		if w, ok := phaseWords[x]; ok {
			ph = append(ph, w)
		}
	}
	design := []string{}
	if dm.DesignInfo.Allocation == "RANDOMIZED" {
		design = append(design, "Randomized")
	}
	if m := dm.DesignInfo.MaskingInfo; m != nil && m.Masking != "NONE" {
		design = append(design, p(r, []string{"Double-blind", "Blinded", "Placebo-controlled"}))
	} else {
		design = append(design, "Open-label")
	}
	design = append(design, p(r, []string{"Multicenter", "Single-center", "Prospective"}))
	prefix := "A"
	if len(ph) > 0 {
		prefix = "A " + strings.Join(ph, "/")
	}
	return fmt.Sprintf("%s, %s Study to Evaluate the Safety and Efficacy of %s in Patients With %s", prefix, strings.Join(design, ", "), iv, cond)
}

func acronym(r *rand.Rand) string {
	const letters = "ABCDEFGHIKLMNOPRSTUVW"
	b := make([]byte, 3+r.IntN(5))
	for i := range b {
		b[i] = letters[r.IntN(len(letters))]
	}
	return string(b)
}

func orgStudyID(r *rand.Rand, d time.Time) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%d-%04d", d.Year(), r.IntN(10000))
	case 1:
		return fmt.Sprintf("IRB%08d", r.IntN(1e8))
	case 2:
		return fmt.Sprintf("%s-%03d", acronym(r), r.IntN(1000))
	}
	return fmt.Sprintf("%s%d", acronym(r), r.IntN(100000))
}

func years(n int) string {
	if n == 1 {
		return "1 Year"
	}
	return fmt.Sprintf("%d Years", n)
}

// stdAges derives the age groups from the age limits as the registry does:
// child < 18 <= adult < 65 <= older adult.
func stdAges(lo, hi int) []string {
	if lo < 0 {
		lo = 0
	}
	if hi < 0 {
		hi = 200
	}
	var out []string
	if lo < 18 {
		out = append(out, "CHILD")
	}
	if lo < 65 && hi >= 18 {
		out = append(out, "ADULT")
	}
	if hi >= 65 {
		out = append(out, "OLDER_ADULT")
	}
	return out
}

func phone(r *rand.Rand) string {
	return fmt.Sprintf("+%d %d %04d %04d", 1+r.IntN(98), 10+r.IntN(90), r.IntN(10000), r.IntN(10000))
}

func email(name, org string) string {
	n := strings.Fields(strings.Split(name, ",")[0])
	local := asciiFold(strings.Join(n, "."))
	if local == "" {
		local = "contact"
	}
	dom := asciiFold(org)
	if len(dom) > 16 {
		dom = dom[:16]
	}
	if dom == "" {
		dom = "hospital"
	}
	return local + "@" + dom + ".org"
}

var whyStopped = []string{"Slow accrual", "Sponsor decision", "Funding ended", "COVID-19 pandemic", "Business reasons", "PI left the institution", "Lack of efficacy at interim analysis", "Study drug no longer available"}

var mscProducts = []string{
	"Cells are manufactured under GMP and released after sterility, endotoxin and mycoplasma testing.",
	"Allogeneic cells from healthy donors, expanded in xeno-free medium to passage 3-5.",
	"Autologous cells are harvested, expanded ex vivo for 3–4 weeks and re-infused.",
	"Viability above 90%; CD73+, CD90+, CD105+ and CD34−, CD45−, HLA-DR− by flow cytometry.",
}

var mscSummaries = []string{
	"Mesenchymal stem cells (MSCs) have immunomodulatory and regenerative properties and have been studied in inflammatory diseases.",
	"Participants are followed for 12 months for adverse events and clinical response.",
	"Preclinical studies suggest that MSCs and their secreted factors reduce inflammation and promote tissue repair.",
}

// titleCase turns an enum such as CROSS_SECTIONAL into "Cross-sectional".
func titleCase(enum string) string {
	s := strings.ToLower(strings.ReplaceAll(enum, "_", "-"))
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
