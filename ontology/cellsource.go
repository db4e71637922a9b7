// Package ontology holds the vocabulary of trialgraph and the cell-source
// classifier that maps the free text of an MSC trial to UBERON tissue and CL
// cell-type terms.
//
//	for _, a := range ontology.ClassifyStudy(study) {
//		fmt.Println(a.Source.Slug, a.Field, a.Evidence)
//	}
package ontology

// Cell-source classification of mesenchymal stem/stromal cell (MSC) trials.
//
// ClassifyStudy reads the free text of a trial.Study and says which tissue
// the MSCs (or the MSC-derived product) of the trial come from, with the
// field and the words that say so. The rules, in order:
//
//  1. Only the interventions decide whether a trial is an MSC trial. The
//     intervention tier is, in this order: for each intervention its name,
//     other names and description, then for each arm its label and
//     description. A trial whose intervention tier has text but names no
//     MSC product gets no cell source, however much its summary talks about
//     MSCs. The one exception: an intervention that says only "stem cells"
//     or "stromal cells" (and not hematopoietic, peripheral blood, or a
//     transplant) is taken as an MSC trial when the titles, keywords or
//     summaries name an MSC product outside background sentences.
//  2. A source counts only when it qualifies an MSC term: "umbilical
//     cord-derived mesenchymal stem cells", "MSCs isolated from bone
//     marrow", or a compound such as UC-MSC, BM-MSC, ADSC, DPSC, MenSC, or a
//     product name such as remestemcel-L. Bone marrow and cord blood need a
//     mesenchymal or stromal term; "bone marrow stem cells" and "cord blood
//     stem cells" are hematopoietic more often than not. Tissues that only
//     yield MSC-like cells (umbilical cord, Wharton's jelly, adipose tissue,
//     placenta, amnion, dental pulp, menstrual blood, olfactory mucosa) also
//     count with a bare "stem cells". A tissue harvest in a field that names
//     MSCs without a source ("bone marrow aspiration ...; MSCs will be
//     expanded", "obtained by liposuction") names their source, unless the
//     field is about a transplant.
//  3. The sources named by the intervention tier are the trial's sources;
//     titles, keywords and summaries add none of their own. When the
//     interventions say only "MSCs", the sources come from the titles and
//     keywords, else from the brief summary and detailed description. When
//     no text names a source, the trial gets the one source unspecified-msc.
//     A study with no intervention or arm text at all is read from its
//     titles, keywords and summaries alone.
//  4. Mentions that are background do not count: within a comparison clause
//     ("compared with MSCs from bone marrow", "unlike adipose MSCs", "rather
//     than", "than"), after an enumeration cue to the end of the sentence
//     ("such as", "including", "various sources"), negated ("without
//     UC-MSCs", "non-MSC"), and, in titles and summaries, in sentences about
//     earlier work ("previous studies", "have been shown", "in mice").
//  5. Wharton's jelly is more specific than umbilical cord: a phrase naming
//     both ("MSCs from umbilical cord Wharton's jelly") gives whartons-jelly
//     only; amnion likewise wins over placenta.
//
// The donor (allogeneic, autologous) comes from the words next to a mention
// of the source, else from any MSC mention of the study when all agree. The
// product is "cells" unless an exosome, extracellular-vesicle, secretome or
// conditioned-medium term stands next to the mention (or is the only product
// the interventions name).

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/trialgraph/trialgraph/trial"
)

// CellSource is a known source of MSCs.
type CellSource struct {
	Slug   string // "umbilical-cord"
	Label  string // "umbilical cord"
	Tissue string // UBERON IRI or ""
	Cell   string // CL IRI or ""
}

// oboBase is the namespace of the OBO Foundry ontologies (UBERON, CL).
const oboBase = "http://purl.obolibrary.org/obo/"

// The slugs of the known cell sources.
const (
	SourceUmbilicalCord  = "umbilical-cord"
	SourceWhartonsJelly  = "whartons-jelly"
	SourceCordBlood      = "cord-blood"
	SourceBoneMarrow     = "bone-marrow"
	SourceAdiposeTissue  = "adipose-tissue"
	SourcePlacenta       = "placenta"
	SourceAmnion         = "amnion"
	SourceDentalPulp     = "dental-pulp"
	SourceOlfactory      = "olfactory-mucosa"
	SourceEndometrium    = "endometrium"
	SourceUnspecifiedMSC = "unspecified-msc"
)

// The products an assignment can name.
const (
	ProductCells                 = "cells"
	ProductExosomes              = "exosomes"
	ProductExtracellularVesicles = "extracellular-vesicles"
	ProductSecretome             = "secretome"
	ProductConditionedMedium     = "conditioned-medium"
)

// The donor kinds an assignment can name.
const (
	DonorAllogeneic = "allogeneic"
	DonorAutologous = "autologous"
)

// CellSources returns all known cell sources, in a fixed order. The caller
// owns the returned slice.
func CellSources() []CellSource {
	return []CellSource{
		{SourceUmbilicalCord, "umbilical cord", oboBase + "UBERON_0002331", oboBase + "CL_0002569"},
		// The UBERON class of Wharton's jelly could not be confirmed offline
		// (UBERON_0006526 was suggested, unchecked), so only the cell term is
		// given, as in DESIGN.md.
		{SourceWhartonsJelly, "Wharton's jelly", "", oboBase + "CL_0002568"},
		{SourceCordBlood, "umbilical cord blood", oboBase + "UBERON_0012168", ""},
		{SourceBoneMarrow, "bone marrow", oboBase + "UBERON_0002371", oboBase + "CL_0002540"},
		{SourceAdiposeTissue, "adipose tissue", oboBase + "UBERON_0001013", oboBase + "CL_0002570"},
		{SourcePlacenta, "placenta", oboBase + "UBERON_0001987", ""},
		{SourceAmnion, "amnion", oboBase + "UBERON_0000305", oboBase + "CL_0002537"},
		{SourceDentalPulp, "dental pulp", oboBase + "UBERON_0001754", ""},
		{SourceOlfactory, "olfactory mucosa", oboBase + "UBERON_0005386", ""},
		{SourceEndometrium, "endometrium", oboBase + "UBERON_0001295", ""},
		{SourceUnspecifiedMSC, "mesenchymal stem cell, source not stated", "", oboBase + "CL_0000134"},
	}
}

// LookupCellSource returns the known cell source with the slug.
func LookupCellSource(slug string) (CellSource, bool) {
	for _, c := range CellSources() {
		if c.Slug == slug {
			return c, true
		}
	}
	return CellSource{}, false
}

// Assignment is one cell source of a study, with the evidence.
type Assignment struct {
	Source CellSource
	// Field is where the evidence is, in the API v2 spelling:
	// "interventions[0].name", "interventions[1].description",
	// "interventions[0].otherNames[2]", "arms[0].label",
	// "arms[0].description", "briefTitle", "officialTitle", "keywords[3]",
	// "briefSummary", "detailedDescription".
	Field string
	// Evidence is the matched text as written in the field, a short span
	// such as "human umbilical cord-derived mesenchymal stem cells".
	Evidence string
	Donor    string // "allogeneic", "autologous" or "" when the text does not say
	Product  string // "cells", "exosomes", "extracellular-vesicles", "secretome", "conditioned-medium"
}

// ClassifyStudy returns the cell sources of the study's MSC product, at most
// one Assignment per source slug, in the order their evidence appears
// (intervention tier first). It returns nil for a study whose interventions
// are not MSC products. The rules are in the comment at the top of this file.
func ClassifyStudy(s *trial.Study) []Assignment {
	if s == nil {
		return nil
	}
	lx := lexicon()
	t1 := tierOneFields(s)
	t2, t3 := titleFields(s), summaryFields(s)

	m1 := lx.scanFields(t1, false)

	strong := func(ms []mention) bool {
		for _, m := range ms {
			if m.strong {
				return true
			}
		}
		return false
	}
	hasText := false
	for _, f := range t1 {
		if strings.TrimSpace(f.text) != "" {
			hasText = true
			break
		}
	}

	// Most trials name an intervention that is no MSC product: they end
	// here, before the titles and the long summaries are scanned, which
	// took most of the classifier's time on a registry-wide ingest.
	if hasText && !strong(m1) && !promotable(m1) {
		return nil
	}
	m2 := lx.scanFields(t2, true)
	m3 := lx.scanFields(t3, true)

	var tiers [][]mention
	switch {
	case hasText && strong(m1):
		tiers = [][]mention{m1, m2, m3}
	case hasText && promotable(m1) && (strong(m2) || strong(m3)):
		tiers = [][]mention{m2, m3}
	case !hasText && (strong(m2) || strong(m3)):
		tiers = [][]mention{m2, m3}
	default:
		return nil
	}

	// The first tier that names a source gives the sources.
	var chosen []mention
	for _, ms := range tiers {
		for _, m := range ms {
			if m.slug != "" && m.slug != SourceUnspecifiedMSC {
				chosen = append(chosen, m)
			}
		}
		if len(chosen) > 0 {
			break
		}
	}
	if len(chosen) == 0 {
		for _, ms := range tiers {
			for _, m := range ms {
				if m.strong {
					m.slug = SourceUnspecifiedMSC
					chosen = append(chosen, m)
					break
				}
			}
			if len(chosen) > 0 {
				break
			}
		}
	}

	all := append(append(append([]mention(nil), m1...), m2...), m3...)
	fallbackDonor := uniqueString(all, func(m mention) string { return m.donor })
	fallbackProduct := uniqueString(m1, func(m mention) string { return m.product })
	if fallbackProduct == "" {
		fallbackProduct = lx.uniqueProduct(t1)
	}

	var out []Assignment
	seen := map[string]bool{}
	for _, m := range chosen {
		if seen[m.slug] {
			continue
		}
		seen[m.slug] = true
		src, _ := LookupCellSource(m.slug)
		a := Assignment{Source: src, Field: m.field, Evidence: m.evidence, Donor: m.donor, Product: m.product}
		for _, o := range chosen {
			if o.slug != m.slug {
				continue
			}
			if a.Donor == "" {
				a.Donor = o.donor
			}
			if a.Product == "" {
				a.Product = o.product
			}
		}
		if a.Donor == "" {
			for _, o := range all {
				if o.slug == m.slug && o.donor != "" {
					a.Donor = o.donor
					break
				}
			}
		}
		if a.Donor == "" {
			a.Donor = fallbackDonor
		}
		if a.Product == "" {
			a.Product = fallbackProduct
		}
		if a.Product == "" {
			a.Product = ProductCells
		}
		out = append(out, a)
	}
	return out
}

// promotable reports whether the intervention tier says "stem cells" or
// "stromal cells" in a way that may be an MSC product.
func promotable(ms []mention) bool {
	for _, m := range ms {
		if m.weak {
			return true
		}
	}
	return false
}

// uniqueString returns the one non-empty value of f over ms, or "" when there
// is none or more than one.
func uniqueString(ms []mention, f func(mention) string) string {
	v := ""
	for _, m := range ms {
		x := f(m)
		if x == "" || x == v {
			continue
		}
		if v != "" {
			return ""
		}
		v = x
	}
	return v
}

// field is one text of a study and its name.
type field struct {
	name string
	text string
}

func tierOneFields(s *trial.Study) []field {
	var fs []field
	for i, iv := range s.Interventions {
		p := "interventions[" + strconv.Itoa(i) + "]"
		fs = append(fs, field{p + ".name", iv.Name})
		for j, o := range iv.OtherNames {
			fs = append(fs, field{p + ".otherNames[" + strconv.Itoa(j) + "]", o})
		}
		fs = append(fs, field{p + ".description", iv.Description})
	}
	for i, a := range s.Arms {
		p := "arms[" + strconv.Itoa(i) + "]"
		fs = append(fs, field{p + ".label", a.Label}, field{p + ".description", a.Description})
	}
	return fs
}

func titleFields(s *trial.Study) []field {
	fs := []field{{"briefTitle", s.BriefTitle}, {"officialTitle", s.OfficialTitle}}
	for i, k := range s.Keywords {
		fs = append(fs, field{"keywords[" + strconv.Itoa(i) + "]", k})
	}
	return fs
}

func summaryFields(s *trial.Study) []field {
	return []field{{"briefSummary", s.BriefSummary}, {"detailedDescription", s.DetailedDescription}}
}

// mention is one valid (not background) MSC mention in a field.
type mention struct {
	field    string
	evidence string
	slug     string // source slug, "" for an MSC term naming no source
	strong   bool   // names an MSC product (with or without a source)
	weak     bool   // a bare "stem cells" / "stromal cells" that may be one
	donor    string
	product  string
}

// link is an MSC term with the source that qualifies it, before the
// background checks.
type link struct {
	start, end int // evidence span
	at         int // position used for the background checks
	slug       string
	cell       int // index of the MSC token, -1 for compounds and brands
	strong     bool
	weak       bool
	donor      string
	product    string
}

// token kinds.
const (
	kSource   = iota // a tissue: "umbilical cord"
	kMSC             // a generic MSC term: "mesenchymal stem cells", "MSCs"
	kStem            // "stem cells": an MSC term for loose sources only
	kStromal         // "stromal cells": an MSC term for every source
	kCompound        // a source and MSC in one word: "UC-MSC", "ADSC"
	kBrand           // a product name: "remestemcel-L"
)

type token struct {
	start, end int
	kind       int
	slug       string
	donor      string // brands only
	product    string // brands only
	pri        int    // order of the pattern, breaks ties
}

type pattern struct {
	re      *regexp.Regexp
	kind    int
	slug    string
	donor   string
	product string
	ctx     *regexp.Regexp // when set, the sentence must match it
	pre     prefilter      // skips texts re cannot match (tokens)
}

// lex holds the compiled patterns. It is built once and never changed.
type lex struct {
	patterns   []pattern
	loose      map[string]bool
	donors     []pattern // slug field holds the donor kind
	products   []pattern // slug field holds the product
	gapCell    *regexp.Regexp
	gapChain   *regexp.Regexp
	connector  *regexp.Regexp
	leftExtend *regexp.Regexp
	productGap *regexp.Regexp
	compare    *regexp.Regexp
	enumerate  *regexp.Regexp
	background *regexp.Regexp
	negation   *regexp.Regexp
	fewWords   *regexp.Regexp
	clauseEnd  *regexp.Regexp
	donorBlock *regexp.Regexp
	notMSCStem *regexp.Regexp
	transplant *regexp.Regexp
	harvest    *regexp.Regexp
	hsct       *regexp.Regexp
	sentence   *regexp.Regexp
}

var lexicon = sync.OnceValue(buildLexicon)

func buildLexicon() *lex {
	ci := func(s string) *regexp.Regexp { return regexp.MustCompile(`(?i)` + s) }
	cs := regexp.MustCompile
	src := func(slug, re string) pattern { return pattern{re: ci(re), kind: kSource, slug: slug} }
	srcCS := func(slug, re string) pattern { return pattern{re: cs(re), kind: kSource, slug: slug} }
	cmp := func(slug, re string) pattern { return pattern{re: ci(re), kind: kCompound, slug: slug} }
	cmpCS := func(slug, re string) pattern { return pattern{re: cs(re), kind: kCompound, slug: slug} }
	brand := func(slug, donor, product, re string) pattern {
		return pattern{re: ci(re), kind: kBrand, slug: slug, donor: donor, product: product}
	}
	gapWords := `human|h|derived|tissues?|origins?|originated|sourced|allogene?ic|allogenic|allogene?ous|autologous|autogenous|` +
		`expanded|cultured?|ex[\s-]vivo|isolated|matrix|lining|membranes?|pooled|adult|primary|purified|f[o]?etal|` +
		`neonatal|perinatal|donor|healthy|cryopreserved|fresh|third[\s-]party|off[\s-]the[\s-]shelf|clinical[\s-]grade|GMP|` +
		`grade|based|stroma|the|a|an|patient'?s|patients'?|own|their|his|her|donated|single|multiple|unrelated|related`
	lx := &lex{
		patterns: []pattern{
			// Compounds and product names first: on equal spans they win.
			cmp(SourceUmbilicalCord, `\bh?UC-?MSC-?s?\b|\bh?UMSCs?\b|\bh?UC-?MSCs?\b`),
			cmp(SourceWhartonsJelly, `\bh?WJ-?MSCs?\b|\bh?WJ-?SCs?\b`),
			cmp(SourceCordBlood, `\bh?(?:UCB|CB)-?MSCs?\b`),
			cmp(SourceBoneMarrow, `\bh?BM-?MSCs?\b|\bh?BMSCs?\b`),
			cmp(SourceAdiposeTissue, `\bh?(?:AD|AT)-?MSCs?\b|\bh?ADSCs?\b|\bh?ADRCs?\b|\bh?ASC-?MSCs?\b`),
			cmpCS(SourceAdiposeTissue, `\bSVF\b`),
			{re: cs(`\bh?ASCs?\b`), kind: kCompound, slug: SourceAdiposeTissue, ctx: ci(`adipose|\bfat\b|lipo|stromal`)},
			cmp(SourcePlacenta, `\bh?(?:PL|PD)-?MSCs?\b|\bhPMSCs?\b`),
			cmp(SourceAmnion, `\bh?(?:AM|AF)-?MSCs?\b`),
			cmp(SourceDentalPulp, `\bh?DPSCs?\b`),
			cmpCS(SourceDentalPulp, `\bSHEDs?\b`),
			cmp(SourceOlfactory, `\bh?OM-?MSCs?\b`),
			cmp(SourceEndometrium, `\bh?MenSCs?\b|\bh?En-?MSCs?\b`),
			brand(SourceBoneMarrow, DonorAllogeneic, "", `\bremestemcel(?:-?L)?\b|\bprochymal\b|\bryoncil\b|\btemcell\b`),
			brand(SourceBoneMarrow, DonorAllogeneic, "", `\brexlemestrocel(?:-?L)?\b|\blomecel-?B\b|\bstempeucel\b`),
			brand(SourceBoneMarrow, DonorAutologous, "", `\blenzumestrocel\b|\bneuronata-?R\b`),
			brand(SourceBoneMarrow, DonorAllogeneic, ProductExtracellularVesicles, `\bexoflo\b`),
			brand(SourceAdiposeTissue, DonorAllogeneic, "", `\bdarvadstrocel\b|\balofisel\b|\bCx601\b`),
			brand(SourceCordBlood, DonorAllogeneic, "", `\bcartistem\b`),
			brand(SourcePlacenta, DonorAllogeneic, "", `\bPLX-(?:PAD|R18)\b`),

			{re: ci(`\bmesenchymal[\s-]+(?:(?:stem|stromal|progenitor|precursor|regenerative)(?:\s*(?:/|and|or)\s*(?:stem|stromal|progenitor|signalling|signaling))?[\s-]+)?cells?\b`), kind: kMSC},
			{re: ci(`\bmultipotent[\s-]+(?:mesenchymal[\s-]+)?stromal[\s-]+cells?\b`), kind: kMSC},
			{re: cs(`\bh?M(?:SC|sc)-?s?\b`), kind: kMSC},
			{re: ci(`\bstromal[\s-]+(?:vascular[\s-]+fraction|cells?)\b`), kind: kStromal},
			{re: ci(`\bstem[\s-]+cells?\b`), kind: kStem},

			src(SourceWhartonsJelly, `\bwharton(?:'|’)?s?[\s-]+jelly\b`),
			srcCS(SourceWhartonsJelly, `\bWJ\b`),
			src(SourceCordBlood, `\b(?:umbilical[\s-]+)?cord[\s-]+blood\b`),
			srcCS(SourceCordBlood, `\bh?UCB\b`),
			src(SourceUmbilicalCord, `\bumbilical(?:[\s-]+cords?)?\b`),
			srcCS(SourceUmbilicalCord, `\bh?UC\b`),
			src(SourceBoneMarrow, `\bbone[\s-]+marrow\b`),
			srcCS(SourceBoneMarrow, `\bBM\b`),
			src(SourceAdiposeTissue, `\badipose\b|\blipo(?:aspirates?|suction)\b|\b(?:abdominal|subcutaneous|autologous|allogeneic)?\s*fat\b`),
			src(SourcePlacenta, `\bplacental?\b|\bdecidual?\b|\bchorion(?:ic)?\b`),
			src(SourceAmnion, `\bamnion\b|\bamniotic(?:[\s-]+(?:fluid|membrane))?\b`),
			src(SourceDentalPulp, `\b(?:dental|tooth|teeth)[\s-]+pulp\b|\b(?:exfoliated[\s-]+)?deciduous[\s-]+teeth\b`),
			src(SourceOlfactory, `\bolfactory[\s-]+mucosa\b`),
			src(SourceEndometrium, `\bendometri(?:um|al)\b|\bmenstrual(?:[\s-]+blood)?\b`),
		},
		loose: map[string]bool{
			SourceUmbilicalCord: true, SourceWhartonsJelly: true, SourceAdiposeTissue: true,
			SourcePlacenta: true, SourceAmnion: true, SourceDentalPulp: true,
			SourceOlfactory: true, SourceEndometrium: true,
		},
		donors: []pattern{
			{re: ci(`\ballo(?:gene?ic|genic|gene?ous)\b|\ballo-`), slug: DonorAllogeneic},
			{re: ci(`\bauto(?:logous|genous|genic)\b|\bauto-`), slug: DonorAutologous},
		},
		products: []pattern{
			{re: ci(`\bexo(?:some)?s?\b`), slug: ProductExosomes},
			{re: ci(`\bextracellular[\s-]+vesicles?\b|\bmicro-?vesicles?\b`), slug: ProductExtracellularVesicles},
			{re: cs(`\bEVs?\b`), slug: ProductExtracellularVesicles},
			{re: ci(`\bsecretomes?\b`), slug: ProductSecretome},
			{re: ci(`\bconditioned[\s-]+media\b|\bconditioned[\s-]+medium\b|\bMSC-CM\b`), slug: ProductConditionedMedium},
		},
		gapCell:    ci(`^(?:[\s\-‐–/]|\([^()]{0,15}\)|\b(?:` + gapWords + `)\b)*$`),
		gapChain:   ci(`^(?:[\s\-‐–/,&]|\([^()]{0,15}\)|\b(?:` + gapWords + `|and|or|as well as|plus)\b)*$`),
		connector:  ci(`^\)?\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:(?:which|that)\s+)?(?:(?:are|were|is|was|will\s+be|to\s+be|being|been)\s+)?(?:(?:derived|isolated|obtained|expanded|harvested|collected|cultured|prepared|sourced|extracted|originat(?:ed|ing)|coming|generated|manufactured|produced|procured)\s+)?(?:from|of)\s+(?:(?:` + gapWords + `)\s+)*$`),
		leftExtend: ci(`(?:\b(?:human|allogene?ic|allogenic|autologous|healthy|adult|third[\s-]party)[\s-]+)+$`),
		productGap: ci(`^[\s\-]*(?:(?:derived|secreted|released|isolated)[\s\-]*)?$`),
		compare:    ci(`\b(?:compared\s+(?:with|to)|comparison\s+(?:with|to)|in\s+contrast\s+(?:with|to)|unlike|rather\s+than|instead\s+of|as\s+opposed\s+to|other\s+than|than)\b`),
		enumerate:  ci(`\b(?:such\s+as|e\.g\.|for\s+example|for\s+instance|including|(?:various|variety\s+of|multiple|many|several|different|other|diverse|numerous)\s+(?:\w+\s+)?(?:sources|tissues|origins|organs))`),
		background: ci(`\b(?:previous(?:ly)?|prior\s+(?:studies|trials|work|research)|(?:have|has|had)\s+(?:\w+\s+)?(?:been\s+)?(?:shown|reported|demonstrated|proven|proved|described|found|suggested|confirmed)|(?:have|has)\s+been\s+(?:\w+\s+)?(?:used|applied|studied|tested|investigated|approved)|studies|literature|pre-?clinical|animals?|mice|murine|rats?|rodents?|in\s+vitro|meta-analys[ie]s|reviews?|widely|commonly|can\s+be|could\s+be|are\s+(?:found|present|known)|known\s+to)\b`),
		negation:   ci(`\b(?:no|not|without|non|neither|nor|excluding|except|free\s+of|absence\s+of)\b`),
		fewWords:   ci(`^[\s\-]*(?:\S+\s+){0,3}[\s\-]*$`),
		clauseEnd:  cs(`[,;:]`),
		donorBlock: ci(`transplant|h(?:a)?ematopoi?etic|\bHSCT?\b|\bNK\b|\bCAR\b|\bT[\s-]cells?\b|\bplus\b|\bversus\b|\bvs\b|\bor\b|[;:]`),
		notMSCStem: ci(`(?:h(?:a)?ematopoi?etic|peripheral[\s-]+blood|\bblood|\bHSC|CD34\+?|limbal|neural|embryonic|pluripotent|\biPS|germ|cancer|leuk(?:a)?emi(?:a|c))[\s-]+(?:\w+[\s-]+)?$`),
		transplant: ci(`^[\s-]*(?:transplant|rescue|mobili[sz]ation|harvest|collection|support)`),
		harvest:    ci(`^[\s-]*(?:aspirat(?:e|es|ion)|harvest(?:ing)?|biops(?:y|ies)|collection|puncture)\b`),
		hsct:       ci(`transplant|h(?:a)?ematopoi?etic|\bHSCT?\b|\bHLA\b|haplo|sibling|\bgraft`),
		sentence:   cs(`[.!?](?:\s+|$)|\n+`),
	}
	if usePrefilters {
		for i := range lx.patterns {
			lx.patterns[i].pre = newPrefilter(lx.patterns[i].re)
		}
	}
	return lx
}

// usePrefilters turns the patterns' prefilters on; tests compare the
// tokens found without them.
var usePrefilters = true

// scanFields returns the valid MSC mentions of the fields, in field order.
// strict turns on the sentence-level background filter (titles, summaries).
func (lx *lex) scanFields(fs []field, strict bool) []mention {
	var out []mention
	for _, f := range fs {
		if strings.TrimSpace(f.text) == "" {
			continue
		}
		out = append(out, lx.scan(f, strict)...)
	}
	return out
}

// scan finds the MSC mentions of one field.
func (lx *lex) scan(f field, strict bool) []mention {
	text := f.text
	toks := lx.tokens(text)
	if len(toks) == 0 {
		return nil
	}
	sents := lx.sentences(text)
	// aboutEarlierWork memoises the sentence-level background test.
	earlier := map[int]bool{}
	cs := lx.findCues(text)
	background := func(s0, s1, pos int) bool {
		if lx.isBackground(cs, s0, pos) {
			return true
		}
		if !strict {
			return false
		}
		v, ok := earlier[s0]
		if !ok {
			v = lx.background.MatchString(text[s0:s1])
			earlier[s0] = v
		}
		return v
	}

	var links []link
	used := make([]bool, len(toks)) // MSC tokens that a source qualifies

	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case kCompound, kBrand:
			links = append(links, link{start: t.start, end: t.end, at: t.start, slug: t.slug, cell: -1, strong: true, donor: t.donor, product: t.product})
		case kSource:
			// A chain of sources followed by an MSC term.
			j := i
			for j+1 < len(toks) && toks[j+1].kind == kSource && toks[j+1].start-toks[j].end <= 80 && lx.gapChain.MatchString(text[toks[j].end:toks[j+1].start]) {
				j++
			}
			if j+1 < len(toks) && lx.cellFor(toks[j+1].kind) && lx.gapCell.MatchString(text[toks[j].end:toks[j+1].start]) && toks[j+1].start-toks[j].end <= 80 {
				c := toks[j+1]
				var slugs []string
				for k := i; k <= j; k++ {
					if c.kind == kStem && !lx.loose[toks[k].slug] {
						continue
					}
					slugs = append(slugs, toks[k].slug)
				}
				for _, sl := range preferSpecific(slugs) {
					links = append(links, link{start: t.start, end: c.end, at: t.start, slug: sl, cell: j + 1, strong: true})
				}
				if len(slugs) > 0 {
					used[j+1] = true
				}
			}
			i = j
		}
	}
	// MSC terms followed by "derived from <source>".
	for i, t := range toks {
		if !lx.cellFor(t.kind) || i+1 >= len(toks) || toks[i+1].kind != kSource {
			continue
		}
		if toks[i+1].start-t.end > 80 || !lx.connector.MatchString(text[t.end:toks[i+1].start]) {
			continue
		}
		j := i + 1
		for j+1 < len(toks) && toks[j+1].kind == kSource && toks[j+1].start-toks[j].end <= 80 && lx.gapChain.MatchString(text[toks[j].end:toks[j+1].start]) {
			j++
		}
		var slugs []string
		for k := i + 1; k <= j; k++ {
			if t.kind == kStem && !lx.loose[toks[k].slug] {
				continue
			}
			slugs = append(slugs, toks[k].slug)
		}
		// A term both preceded and followed by sources ("umbilical cord MSCs
		// from Wharton's jelly") takes the most specific of all.
		if used[i] {
			for _, l := range links {
				if l.cell == i {
					slugs = append(slugs, l.slug)
				}
			}
			kept := preferSpecific(slugs)
			links = filterLinks(links, func(l link) bool { return l.cell != i || contains(kept, l.slug) })
			for _, sl := range kept {
				if !hasLink(links, i, sl) {
					links = append(links, link{start: t.start, end: toks[j].end, at: toks[i+1].start, slug: sl, cell: i, strong: true})
				}
			}
			continue
		}
		for _, sl := range preferSpecific(slugs) {
			links = append(links, link{start: t.start, end: toks[j].end, at: toks[i+1].start, slug: sl, cell: i, strong: true})
		}
		if len(slugs) > 0 {
			used[i] = true
		}
	}
	// MSC terms that no source qualifies.
	for i, t := range toks {
		if used[i] || !lx.cellFor(t.kind) {
			continue
		}
		switch t.kind {
		case kMSC:
			links = append(links, link{start: t.start, end: t.end, at: t.start, cell: i, strong: true})
		case kStem, kStromal:
			if lx.notMSCStem.MatchString(text[max(0, t.start-lookBehind):t.start]) || lx.transplant.MatchString(text[t.end:min(len(text), t.end+lookAhead)]) {
				continue
			}
			links = append(links, link{start: t.start, end: t.end, at: t.start, cell: i, weak: true})
		}
	}
	// A tissue harvest ("bone marrow aspiration", "liposuction") names the
	// source of the MSCs that the same field names without one, unless the
	// field is about a transplant (the harvest is then the graft's).
	var harvests []link
	for _, t := range toks {
		if t.kind != kSource || inLink(links, t) {
			continue
		}
		if lx.harvest.MatchString(text[t.end:min(len(text), t.end+lookAhead)]) || strings.HasPrefix(strings.ToLower(text[t.start:t.end]), "lipo") {
			harvests = append(harvests, link{start: t.start, end: t.end, at: t.start, slug: t.slug, cell: -1, strong: true})
		}
	}
	if len(harvests) > 0 && !lx.hsct.MatchString(text) {
		generic := false
		for _, l := range links {
			s0, s1 := enclosing(sents, l.at, len(text))
			if l.slug == "" && l.strong && !background(s0, s1, l.at) {
				generic = true
			}
		}
		if generic {
			links = append(links, harvests...)
		}
	}
	sort.SliceStable(links, func(a, b int) bool { return links[a].start < links[b].start })

	var out []mention
	for _, l := range links {
		s0, s1 := enclosing(sents, l.at, len(text))
		sent := text[s0:s1]
		if background(s0, s1, l.at) || background(s0, s1, l.start) {
			continue
		}
		if l.slug != "" {
			// Compounds that need context (ASC) are checked here.
			if p := lx.patternAt(text, l.start, l.end); p != nil && p.ctx != nil && !p.ctx.MatchString(sent) {
				continue
			}
		}
		start, end := l.start, l.end
		w0 := max(s0, start-lookBehind)
		if m := lx.leftExtend.FindStringIndex(text[w0:start]); m != nil {
			start = w0 + m[0]
		}
		product := l.product
		if product == "" {
			var pend int
			product, pend = lx.adjacentProduct(text, end, min(s1, end+lookAhead))
			if pend > 0 {
				end = pend
			} else {
				product = lx.nearProduct(text, s0, s1, l.start, l.end)
			}
		}
		donor := l.donor
		if donor == "" {
			donor = lx.nearDonor(text, s0, s1, start, end)
		}
		slug := l.slug
		out = append(out, mention{
			field:    f.name,
			evidence: strings.TrimSpace(text[start:end]),
			slug:     slug,
			strong:   l.strong,
			weak:     l.weak,
			donor:    donor,
			product:  product,
		})
	}
	return out
}

func (lx *lex) cellFor(kind int) bool { return kind == kMSC || kind == kStem || kind == kStromal }

// patternAt returns the context-bound compound pattern matching exactly
// text[start:end], or nil.
func (lx *lex) patternAt(text string, start, end int) *pattern {
	for i := range lx.patterns {
		p := &lx.patterns[i]
		if p.ctx == nil {
			continue
		}
		if loc := p.re.FindStringIndex(text[start:end]); loc != nil && loc[0] == 0 && loc[1] == end-start {
			return p
		}
	}
	return nil
}

// tokens finds the non-overlapping source and MSC terms of text, leftmost
// first, the longest on a tie.
func (lx *lex) tokens(text string) []token {
	var all []token
	var folded string
	for pi := range lx.patterns {
		p := &lx.patterns[pi]
		if !p.pre.mayMatch(text, &folded) {
			continue
		}
		for _, loc := range p.re.FindAllStringIndex(text, -1) {
			st, en := loc[0], loc[1]
			// Trim leading blanks a pattern may have taken ("  fat").
			for st < en && (text[st] == ' ' || text[st] == '\t' || text[st] == '\n') {
				st++
			}
			if st == en {
				continue
			}
			all = append(all, token{start: st, end: en, kind: p.kind, slug: p.slug, donor: p.donor, product: p.product, pri: pi})
		}
	}
	sort.Slice(all, func(a, b int) bool {
		x, y := all[a], all[b]
		if x.start != y.start {
			return x.start < y.start
		}
		if x.end-x.start != y.end-y.start {
			return x.end-x.start > y.end-y.start
		}
		return x.pri < y.pri
	})
	var out []token
	last := -1
	for _, t := range all {
		if t.start < last {
			continue
		}
		out = append(out, t)
		last = t.end
	}
	return out
}

// sentences returns the start offsets of the sentences of text.
func (lx *lex) sentences(text string) []int {
	starts := []int{0}
	for _, loc := range lx.sentence.FindAllStringIndex(text, -1) {
		if loc[1] < len(text) {
			starts = append(starts, loc[1])
		}
	}
	return starts
}

// enclosing returns the bounds of the sentence holding pos.
func enclosing(starts []int, pos, n int) (int, int) {
	i := sort.SearchInts(starts, pos+1) - 1
	if i < 0 {
		i = 0
	}
	end := n
	if i+1 < len(starts) {
		end = starts[i+1]
	}
	return starts[i], end
}

// cues holds the positions of the background cues of one field, found once
// so that testing a mention costs a binary search.
type cues struct {
	text      string
	clause    []int // offsets of clause ends (, ; :)
	compare   []int // ends of comparison cues
	enumerate []int // ends of enumeration cues
	negation  []int // ends of negation cues
}

func (lx *lex) findCues(text string) *cues {
	ends := func(re *regexp.Regexp) []int {
		var out []int
		for _, loc := range re.FindAllStringIndex(text, -1) {
			out = append(out, loc[1])
		}
		return out
	}
	c := &cues{text: text, compare: ends(lx.compare), enumerate: ends(lx.enumerate), negation: ends(lx.negation)}
	for _, loc := range lx.clauseEnd.FindAllStringIndex(text, -1) {
		c.clause = append(c.clause, loc[0])
	}
	return c
}

// lastBefore returns the largest value of the sorted list that is at most
// pos, or -1.
func lastBefore(list []int, pos int) int {
	i := sort.SearchInts(list, pos+1) - 1
	if i < 0 {
		return -1
	}
	return list[i]
}

// isBackground reports whether the mention at pos, in the sentence starting
// at s0, is background: in the clause of a comparison cue, after an
// enumeration cue in its sentence, or a few words after a negation in its
// clause. (Sentences about earlier work are tested by the caller, in titles
// and summaries only.)
func (lx *lex) isBackground(c *cues, s0, pos int) bool {
	lo := max(s0, pos-scopeBehind)
	clause := max(lastBefore(c.clause, pos-1), lo-1)
	if e := lastBefore(c.compare, pos); e > clause {
		return true
	}
	if e := lastBefore(c.enumerate, pos); e >= lo {
		return true
	}
	if e := lastBefore(c.negation, pos); e > clause && pos-e <= 60 && lx.fewWords.MatchString(c.text[e:pos]) {
		return true
	}
	return false
}

// Bounds of the look-arounds, in bytes, that keep a scan linear in the
// length of a field: words next to a term, and the reach of a comparison,
// enumeration or negation cue.
const (
	lookBehind  = 80
	lookAhead   = 60
	scopeBehind = 300
)

// adjacentProduct returns the product named right after a mention ("MSC-derived
// exosomes") and the end of its word, or "", 0.
func (lx *lex) adjacentProduct(text string, end, limit int) (string, int) {
	best, bestStart, bestEnd := "", limit+1, 0
	for _, p := range lx.products {
		loc := p.re.FindStringIndex(text[end:limit])
		if loc == nil || !lx.productGap.MatchString(text[end:end+loc[0]]) {
			continue
		}
		if end+loc[0] < bestStart {
			best, bestStart, bestEnd = p.slug, end+loc[0], end+loc[1]
		}
	}
	return best, bestEnd
}

// nearProduct returns the product term nearest the mention within its
// sentence and 60 bytes, or "".
func (lx *lex) nearProduct(text string, s0, s1, start, end int) string {
	best, bestDist := "", 61
	w0, w1 := max(s0, start-lookBehind), min(s1, end+lookAhead)
	for _, p := range lx.products {
		for _, loc := range p.re.FindAllStringIndex(text[w0:w1], -1) {
			a, b := w0+loc[0], w0+loc[1]
			d := 0
			switch {
			case b <= start:
				d = start - b
			case a >= end:
				d = a - end
			}
			if d < bestDist {
				best, bestDist = p.slug, d
			}
		}
	}
	return best
}

// nearDonor returns the donor kind said next to the mention: before it
// within 60 bytes, or after it within 40, with no transplant or other
// therapy words in between.
func (lx *lex) nearDonor(text string, s0, s1, start, end int) string {
	best, bestDist := "", 61
	w0, w1 := max(s0, start-lookBehind), min(s1, end+lookAhead)
	for _, p := range lx.donors {
		for _, loc := range p.re.FindAllStringIndex(text[w0:w1], -1) {
			a, b := w0+loc[0], w0+loc[1]
			var gap string
			var d int
			switch {
			case a >= start && b <= end:
				return p.slug
			case b <= start:
				gap, d = text[b:start], start-b
			case a >= end:
				gap, d = text[end:a], a-end
				if d > 40 {
					continue
				}
			default:
				continue
			}
			if lx.donorBlock.MatchString(gap) {
				continue
			}
			if d < bestDist {
				best, bestDist = p.slug, d
			}
		}
	}
	return best
}

// uniqueProduct returns the one product kind the fields name, or "".
func (lx *lex) uniqueProduct(fs []field) string {
	v := ""
	for _, f := range fs {
		for _, p := range lx.products {
			if !p.re.MatchString(f.text) || p.slug == v {
				continue
			}
			if v != "" {
				return ""
			}
			v = p.slug
		}
	}
	return v
}

// preferSpecific drops umbilical cord when Wharton's jelly is named with it,
// and placenta when amnion is.
func preferSpecific(slugs []string) []string {
	var out []string
	for _, s := range slugs {
		if s == SourceUmbilicalCord && contains(slugs, SourceWhartonsJelly) ||
			s == SourcePlacenta && contains(slugs, SourceAmnion) || contains(out, s) {
			continue
		}
		out = append(out, s)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func hasLink(links []link, cell int, slug string) bool {
	for _, l := range links {
		if l.cell == cell && l.slug == slug {
			return true
		}
	}
	return false
}

// inLink reports whether the token lies in the span of a link.
func inLink(links []link, t token) bool {
	for _, l := range links {
		if l.slug != "" && t.start >= l.start && t.end <= l.end {
			return true
		}
	}
	return false
}

func filterLinks(links []link, keep func(link) bool) []link {
	out := links[:0]
	for _, l := range links {
		if keep(l) {
			out = append(out, l)
		}
	}
	return out
}
