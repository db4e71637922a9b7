package main

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Empirical distributions, counted once (python, json module) over the 358
// real API v2 records in /work/shared/corpus/ctgov-v2: the ten single-study
// files from ctti-clinicaltrials/aact and the three ctg-studies.json arrays
// (UserZetsu/dtx-analysis, unl-stat351/..., vrinda2019/NSCLCBench), see
// /work/shared/corpus/SOURCES.tsv. Each pair is {value, number of studies
// (or items) in the corpus with that value}. Long tails are kept as
// counted; a few values are added with weight 1 where the corpus is too
// small to show a value real data has (marked "added").

// count is one bar of a histogram.
type count[T any] struct {
	v T
	n float64
}

// dist draws values with probability proportional to their counts.
type dist[T any] struct {
	vals []T
	cum  []float64
}

func newDist[T any](counts ...count[T]) dist[T] {
	d := dist[T]{}
	total := 0.0
	for _, c := range counts {
		total += c.n
		d.vals = append(d.vals, c.v)
		d.cum = append(d.cum, total)
	}
	return d
}

func (d dist[T]) draw(r *rand.Rand) T {
	x := r.Float64() * d.cum[len(d.cum)-1]
	return d.vals[sort.SearchFloat64s(d.cum, x)]
}

// Study level.
var (
	// protocolSection.statusModule.overallStatus, for studies whose
	// completion date is past, and for studies still running.
	closedStatus = newDist(count[string]{"COMPLETED", 147}, count[string]{"UNKNOWN", 50}, count[string]{"TERMINATED", 32}, count[string]{"WITHDRAWN", 10}, count[string]{"SUSPENDED", 2})
	openStatus   = newDist(count[string]{"RECRUITING", 59}, count[string]{"ACTIVE_NOT_RECRUITING", 30}, count[string]{"NOT_YET_RECRUITING", 24}, count[string]{"ENROLLING_BY_INVITATION", 4})
	// lastKnownStatus of UNKNOWN studies.
	lastKnown = newDist(count[string]{"RECRUITING", 23}, count[string]{"NOT_YET_RECRUITING", 15}, count[string]{"ACTIVE_NOT_RECRUITING", 7}, count[string]{"ENROLLING_BY_INVITATION", 5})
	// designModule.studyType (EXPANDED_ACCESS added).
	studyType = newDist(count[string]{"INTERVENTIONAL", 293}, count[string]{"OBSERVATIONAL", 65}, count[string]{"EXPANDED_ACCESS", 1})
	// designModule.phases of interventional studies.
	phases = newDist(
		count[[]string]{[]string{"NA"}, 160}, count[[]string]{[]string{"PHASE2"}, 59}, count[[]string]{[]string{"PHASE3"}, 32},
		count[[]string]{[]string{"PHASE1", "PHASE2"}, 13}, count[[]string]{[]string{"PHASE1"}, 12}, count[[]string]{[]string{"PHASE4"}, 9},
		count[[]string]{[]string{"PHASE2", "PHASE3"}, 7}, count[[]string]{[]string{"EARLY_PHASE1"}, 1})
	// MSC trials are early phase (ClinicalTrials.gov search for
	// "mesenchymal", phase facet, rounded).
	mscPhases = newDist(
		count[[]string]{[]string{"PHASE1"}, 30}, count[[]string]{[]string{"PHASE1", "PHASE2"}, 25}, count[[]string]{[]string{"PHASE2"}, 25},
		count[[]string]{[]string{"NA"}, 10}, count[[]string]{[]string{"EARLY_PHASE1"}, 5}, count[[]string]{[]string{"PHASE3"}, 4}, count[[]string]{[]string{"PHASE2", "PHASE3"}, 1})
	allocation  = newDist(count[string]{"RANDOMIZED", 170}, count[string]{"NA", 94}, count[string]{"NON_RANDOMIZED", 28})
	interModel  = newDist(count[string]{"PARALLEL", 157}, count[string]{"SINGLE_GROUP", 107}, count[string]{"CROSSOVER", 21}, count[string]{"SEQUENTIAL", 7}, count[string]{"FACTORIAL", 1})
	purpose     = newDist(count[string]{"TREATMENT", 239}, count[string]{"PREVENTION", 14}, count[string]{"BASIC_SCIENCE", 10}, count[string]{"OTHER", 7}, count[string]{"HEALTH_SERVICES_RESEARCH", 7}, count[string]{"DEVICE_FEASIBILITY", 6}, count[string]{"DIAGNOSTIC", 6}, count[string]{"SUPPORTIVE_CARE", 2}, count[string]{"SCREENING", 2})
	masking     = newDist(count[string]{"NONE", 177}, count[string]{"SINGLE", 36}, count[string]{"DOUBLE", 35}, count[string]{"QUADRUPLE", 28}, count[string]{"TRIPLE", 15})
	obsModel    = newDist(count[string]{"COHORT", 37}, count[string]{"CASE_ONLY", 10}, count[string]{"CASE_CONTROL", 9}, count[string]{"OTHER", 5}, count[string]{"CASE_CROSSOVER", 3}, count[string]{"ECOLOGIC_OR_COMMUNITY", 1})
	timePersp   = newDist(count[string]{"PROSPECTIVE", 47}, count[string]{"RETROSPECTIVE", 8}, count[string]{"CROSS_SECTIONAL", 8}, count[string]{"OTHER", 2})
	sponsorCls  = newDist(count[string]{"OTHER", 207}, count[string]{"INDUSTRY", 144}, count[string]{"NETWORK", 3}, count[string]{"INDIV", 2}, count[string]{"OTHER_GOV", 2}, count[string]{"NIH", 1}, count[string]{"FED", 1})
	rpType      = newDist(count[string]{"SPONSOR", 251}, count[string]{"PRINCIPAL_INVESTIGATOR", 83}, count[string]{"SPONSOR_INVESTIGATOR", 14}, count[string]{"", 10})
	officialRol = newDist(count[string]{"PRINCIPAL_INVESTIGATOR", 221}, count[string]{"STUDY_DIRECTOR", 61}, count[string]{"STUDY_CHAIR", 30})
	siteRole    = newDist(count[string]{"CONTACT", 248}, count[string]{"PRINCIPAL_INVESTIGATOR", 89}, count[string]{"SUB_INVESTIGATOR", 28})
	armType     = newDist(count[string]{"EXPERIMENTAL", 343}, count[string]{"ACTIVE_COMPARATOR", 86}, count[string]{"PLACEBO_COMPARATOR", 37}, count[string]{"OTHER", 31}, count[string]{"NO_INTERVENTION", 25}, count[string]{"SHAM_COMPARATOR", 22})
	interType   = newDist(count[string]{"DRUG", 230}, count[string]{"DEVICE", 164}, count[string]{"OTHER", 73}, count[string]{"BEHAVIORAL", 46}, count[string]{"PROCEDURE", 16}, count[string]{"BIOLOGICAL", 6}, count[string]{"DIAGNOSTIC_TEST", 6}, count[string]{"RADIATION", 6}, count[string]{"COMBINATION_PRODUCT", 4}, count[string]{"DIETARY_SUPPLEMENT", 3}, count[string]{"GENETIC", 1})
	refType     = newDist(count[string]{"BACKGROUND", 373}, count[string]{"DERIVED", 79}, count[string]{"RESULT", 26})
	ipdSharing  = newDist(count[string]{"NO", 158}, count[string]{"", 127}, count[string]{"YES", 45}, count[string]{"UNDECIDED", 28})
	sexDist     = newDist(count[string]{"ALL", 345}, count[string]{"FEMALE", 12}, count[string]{"MALE", 1})
	minAge      = newDist(count[int]{18, 276}, count[int]{22, 13}, count[int]{-1, 11}, count[int]{19, 9}, count[int]{13, 7}, count[int]{21, 7}, count[int]{20, 6}, count[int]{16, 4}, count[int]{4, 4}, count[int]{3, 2}, count[int]{40, 2}, count[int]{70, 2}, count[int]{12, 1}, count[int]{5, 1}, count[int]{17, 1}, count[int]{55, 1}, count[int]{35, 1}, count[int]{30, 1}, count[int]{1, 1}, count[int]{65, 1})
	// maximumAge; -1 is "no maximum" (169 of 358).
	maxAge = newDist(count[int]{-1, 169}, count[int]{65, 50}, count[int]{75, 47}, count[int]{70, 22}, count[int]{80, 8}, count[int]{64, 6}, count[int]{60, 6}, count[int]{85, 6}, count[int]{99, 6}, count[int]{17, 4}, count[int]{30, 3}, count[int]{45, 3}, count[int]{50, 3}, count[int]{90, 2}, count[int]{100, 2}, count[int]{55, 2})
)

// Numbers of things per study (value, studies).
var (
	nLocations   = newDist(count[int]{0, 26}, count[int]{1, 228}, count[int]{2, 26}, count[int]{3, 8}, count[int]{4, 4}, count[int]{5, 10}, count[int]{6, 8}, count[int]{7, 2}, count[int]{8, 4}, count[int]{9, 3}, count[int]{10, 2}, count[int]{11, 2}, count[int]{12, 2}, count[int]{14, 1}, count[int]{15, 2}, count[int]{17, 1}, count[int]{20, 3}, count[int]{21, 2}, count[int]{22, 1}, count[int]{23, 1}, count[int]{24, 1}, count[int]{26, 3}, count[int]{27, 1}, count[int]{31, 1}, count[int]{32, 1}, count[int]{40, 1}, count[int]{42, 1}, count[int]{44, 1}, count[int]{47, 1}, count[int]{48, 1}, count[int]{54, 1}, count[int]{63, 1}, count[int]{82, 1}, count[int]{83, 2}, count[int]{105, 1}, count[int]{116, 1}, count[int]{120, 1}, count[int]{162, 1}, count[int]{254, 1})
	nOfficials   = newDist(count[int]{0, 105}, count[int]{1, 226}, count[int]{2, 16}, count[int]{3, 4}, count[int]{4, 4}, count[int]{5, 1}, count[int]{6, 1}, count[int]{15, 1})
	nCentral     = newDist(count[int]{0, 244}, count[int]{1, 60}, count[int]{2, 54})
	nSiteContact = newDist(count[int]{0, 2067}, count[int]{1, 148}, count[int]{2, 62}, count[int]{3, 16}, count[int]{5, 2}, count[int]{6, 2}, count[int]{7, 2}, count[int]{9, 1})
	nCollab      = newDist(count[int]{0, 223}, count[int]{1, 81}, count[int]{2, 32}, count[int]{3, 12}, count[int]{4, 3}, count[int]{5, 3}, count[int]{6, 1}, count[int]{7, 1}, count[int]{12, 1}, count[int]{18, 1})
	nPrimary     = newDist(count[int]{0, 4}, count[int]{1, 243}, count[int]{2, 53}, count[int]{3, 21}, count[int]{4, 9}, count[int]{5, 10}, count[int]{6, 2}, count[int]{7, 5}, count[int]{8, 4}, count[int]{9, 1}, count[int]{10, 1}, count[int]{11, 2}, count[int]{12, 1}, count[int]{13, 1}, count[int]{14, 1})
	nSecondary   = newDist(count[int]{0, 62}, count[int]{1, 34}, count[int]{2, 51}, count[int]{3, 40}, count[int]{4, 38}, count[int]{5, 23}, count[int]{6, 15}, count[int]{7, 15}, count[int]{8, 13}, count[int]{9, 12}, count[int]{10, 7}, count[int]{11, 7}, count[int]{12, 9}, count[int]{13, 6}, count[int]{14, 3}, count[int]{15, 7}, count[int]{16, 1}, count[int]{18, 1}, count[int]{19, 1}, count[int]{20, 2}, count[int]{22, 2}, count[int]{27, 1}, count[int]{28, 3}, count[int]{29, 1}, count[int]{33, 1}, count[int]{47, 1}, count[int]{48, 1}, count[int]{89, 1})
	nOther       = newDist(count[int]{0, 307}, count[int]{1, 16}, count[int]{2, 10}, count[int]{3, 5}, count[int]{4, 4}, count[int]{5, 6}, count[int]{6, 1}, count[int]{7, 1}, count[int]{8, 1}, count[int]{9, 3}, count[int]{10, 1}, count[int]{12, 2}, count[int]{13, 1})
	nReferences  = newDist(count[int]{0, 251}, count[int]{1, 53}, count[int]{2, 15}, count[int]{3, 13}, count[int]{4, 3}, count[int]{5, 2}, count[int]{7, 4}, count[int]{8, 7}, count[int]{10, 2}, count[int]{12, 1}, count[int]{13, 2}, count[int]{14, 1}, count[int]{18, 1}, count[int]{37, 1}, count[int]{47, 1}, count[int]{76, 1})
	nArms        = newDist(count[int]{1, 115}, count[int]{2, 177}, count[int]{3, 17}, count[int]{4, 9}, count[int]{5, 2}, count[int]{6, 2}, count[int]{7, 1}, count[int]{8, 2}, count[int]{13, 1}, count[int]{16, 1})
	nInterv      = newDist(count[int]{1, 167}, count[int]{2, 132}, count[int]{3, 21}, count[int]{4, 3}, count[int]{5, 6}, count[int]{6, 2}, count[int]{7, 1})
	nKeywords    = newDist(count[int]{0, 154}, count[int]{1, 33}, count[int]{2, 23}, count[int]{3, 46}, count[int]{4, 36}, count[int]{5, 26}, count[int]{6, 10}, count[int]{7, 14}, count[int]{8, 5}, count[int]{9, 1}, count[int]{10, 5}, count[int]{11, 2}, count[int]{16, 2})
	nOtherNames  = newDist(count[int]{0, 431}, count[int]{1, 105}, count[int]{2, 12}, count[int]{3, 6})
)

// Fractions of studies (out of 358) with an optional part.
const (
	fracOversight      = 345.0 / 358
	fracReferences     = 117.0 / 358
	fracDetailed       = 230.0 / 354
	fracOfficialTitle  = 351.0 / 358
	fracAcronym        = 118.0 / 358
	fracSecondaryID    = 59.0 / 358
	fracHealthyKnown   = 348.0 / 358
	fracHealthy        = 50.0 / 348
	fracHasResults     = 45.0 / 179 // of completed or terminated studies
	fracWhyStopped     = 40.0 / 42  // of terminated, withdrawn or suspended studies
	fracFullDate       = 272.0 / 358
	fracFacility       = 2258.0 / 2300 // locations with a facility name
	fracLocZip         = 1809.0 / 2300
	fracLocState       = 1141.0 / 2300
	fracLocGeo         = 2279.0 / 2300
	fracEnrollment     = 356.0 / 358
	fracMeshes         = 261.0 / 358
	fracSingleCountry  = 0.85 // multi-site studies with all sites in one country (corpus: 115 of 132)
	fracContactEmail   = 203.0 / 365
	fracContactPhone   = 149.0 / 365
	fracRealPersonName = 0.25 // investigator names taken from the corpus rather than composed
)

// enrollmentQuantiles are quantiles of designModule.enrollmentInfo.count
// (0, 10, 25, 50, 75, 90, 99, 100 %); drawEnrollment interpolates
// log-linearly between them.
var enrollmentQuantiles = [...][2]float64{{0, 1}, {.1, 9}, {.25, 26}, {.5, 61}, {.75, 150}, {.9, 386}, {.99, 4000}, {1, 40000}}

func drawEnrollment(r *rand.Rand) int {
	u := r.Float64()
	for i := 1; i < len(enrollmentQuantiles); i++ {
		lo, hi := enrollmentQuantiles[i-1], enrollmentQuantiles[i]
		if u <= hi[0] {
			f := (u - lo[0]) / (hi[0] - lo[0])
			return int(math.Round(math.Exp(math.Log(lo[1]) + f*(math.Log(hi[1])-math.Log(lo[1])))))
		}
	}
	return 40000
}

// Countries of locations (corpus counts; "Iran", "Egypt", "Mexico", "Brazil",
// "India" raised to their share of the whole registry, which the
// three topic-specific corpus arrays underrepresent).
var countries = newDist(
	count[string]{"United States", 774}, count[string]{"France", 251}, count[string]{"Italy", 164}, count[string]{"Germany", 157},
	count[string]{"China", 151}, count[string]{"Spain", 102}, count[string]{"United Kingdom", 77}, count[string]{"Australia", 67},
	count[string]{"Netherlands", 63}, count[string]{"Belgium", 58}, count[string]{"Israel", 46}, count[string]{"Canada", 34},
	count[string]{"Greece", 33}, count[string]{"Poland", 30}, count[string]{"Finland", 30}, count[string]{"Denmark", 25},
	count[string]{"Turkey (Türkiye)", 23}, count[string]{"Czechia", 20}, count[string]{"Russian Federation", 18}, count[string]{"Norway", 16},
	count[string]{"South Korea", 24}, count[string]{"Bulgaria", 13}, count[string]{"Switzerland", 12}, count[string]{"Sweden", 12},
	count[string]{"Portugal", 11}, count[string]{"Japan", 10}, count[string]{"Romania", 7}, count[string]{"Taiwan", 6},
	count[string]{"Hungary", 5}, count[string]{"Austria", 3}, count[string]{"Colombia", 4}, count[string]{"Chile", 2},
	count[string]{"Argentina", 3}, count[string]{"Iran, Islamic Republic of", 20}, count[string]{"Egypt", 25}, count[string]{"Mexico", 15},
	count[string]{"Brazil", 20}, count[string]{"India", 15}, count[string]{"Singapore", 3}, count[string]{"Vietnam", 3})

// mscCountries: lead countries of MSC trials (registry search for
// "mesenchymal", location facet, rounded): China leads, then the US,
// Iran, Spain.
var mscCountries = newDist(
	count[string]{"China", 30}, count[string]{"United States", 20}, count[string]{"Iran, Islamic Republic of", 8}, count[string]{"Spain", 7},
	count[string]{"South Korea", 5}, count[string]{"France", 3}, count[string]{"Germany", 3}, count[string]{"Italy", 3}, count[string]{"Egypt", 3},
	count[string]{"Brazil", 3}, count[string]{"Turkey (Türkiye)", 3}, count[string]{"Australia", 2}, count[string]{"United Kingdom", 2},
	count[string]{"India", 2}, count[string]{"Japan", 2}, count[string]{"Mexico", 2}, count[string]{"Vietnam", 1}, count[string]{"Poland", 1})
