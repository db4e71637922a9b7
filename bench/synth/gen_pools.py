#!/usr/bin/env python3
"""Extract the text pools embedded by bench/synth (pools.json) from the real
ClinicalTrials.gov API v2 records in /work/shared/corpus/ctgov-v2 (358 studies:
10 single-study files from ctti-clinicaltrials/aact and three ctg-studies.json
arrays; provenance in /work/shared/corpus/SOURCES.tsv).

Run from the repository root:  python3 bench/synth/gen_pools.py > bench/synth/pools.json
Output is sorted and deduplicated, so re-running gives the same bytes."""
import glob, json, sys

CORPUS = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/corpus/ctgov-v2'
studies = []
for f in sorted(glob.glob(CORPUS + '/*.json')):
    d = json.load(open(f))
    studies += d if isinstance(d, list) else [d]

def g(d, *p):
    for k in p:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d

def cut(s, n):
    return s if s is None or len(s) <= n else s[:n].rsplit(' ', 1)[0] + '.'

sites, sponsors, people, outcomes, summaries, details, criteria = set(), set(), set(), set(), set(), set(), set()
interventions, refs, conds, keywords, others = set(), set(), [], set(), set()
for s in studies:
    p = s['protocolSection']
    for l in g(p, 'contactsLocationsModule', 'locations') or []:
        gp = l.get('geoPoint')
        if l.get('facility') and gp:
            sites.add((l['facility'], l['city'], l.get('state', ''), l.get('zip', ''), l['country'], gp['lat'], gp['lon']))
        for c in l.get('contacts', []):
            if c.get('name'):
                people.add(c['name'])
    sc = p.get('sponsorCollaboratorsModule', {})
    for sp in [sc.get('leadSponsor')] + sc.get('collaborators', []):
        if sp and sp.get('name'):
            sponsors.add((sp['name'], sp.get('class', 'OTHER')))
    for o in g(p, 'contactsLocationsModule', 'overallOfficials') or []:
        people.add(o['name'])
    for kind in ('primaryOutcomes', 'secondaryOutcomes', 'otherOutcomes'):
        for o in g(p, 'outcomesModule', kind) or []:
            outcomes.add((cut(o['measure'], 300), cut(o.get('description', ''), 300), o.get('timeFrame', '')))
    d = p.get('descriptionModule', {})
    summaries.add(cut(d['briefSummary'], 1500))
    if d.get('detailedDescription'):
        details.add(cut(d['detailedDescription'], 2000))
    criteria.add(cut(g(p, 'eligibilityModule', 'eligibilityCriteria'), 3000))
    for i in g(p, 'armsInterventionsModule', 'interventions') or []:
        interventions.add((i['type'], i['name'], cut(i.get('description', ''), 500)))
        for on in i.get('otherNames', []):
            others.add(on)
    for r in g(p, 'referencesModule', 'references') or []:
        if r.get('pmid'):
            refs.add((r['pmid'], r.get('type', 'BACKGROUND'), cut(r['citation'], 600)))
    cm = p['conditionsModule']
    meshes = g(s, 'derivedSection', 'conditionBrowseModule', 'meshes') or []
    anc = g(s, 'derivedSection', 'conditionBrowseModule', 'ancestors') or []
    if len(cm['conditions']) <= 8:
        conds.append({'conditions': cm['conditions'], 'meshes': meshes[:8], 'ancestors': anc[:16]})
    for k in cm.get('keywords', []):
        keywords.add(k)

conds = sorted({json.dumps(c, sort_keys=True, ensure_ascii=False) for c in conds})
out = {
    'sites': [list(x) for x in sorted(sites)],
    'sponsors': [list(x) for x in sorted(sponsors)],
    'people': sorted(people),
    'outcomes': [list(x) for x in sorted(outcomes)],
    'summaries': sorted(summaries),
    'details': sorted(details),
    'criteria': sorted(criteria),
    'interventions': [list(x) for x in sorted(interventions)],
    'otherNames': sorted(others),
    'references': [list(x) for x in sorted(refs)],
    'conditions': [json.loads(c) for c in conds],
    'keywords': sorted(keywords),
}
json.dump(out, sys.stdout, ensure_ascii=False, indent=0, sort_keys=True)
sys.stdout.write('\n')
for k, v in out.items():
    print(k, len(v), file=sys.stderr)
