"""Per-kind outcome of `triage eval` runs on this set: python3 summary.py chats.jsonl RUN [RUN ...]."""
import json,sys,collections
R={(r['conversation_id'],r['turn']):r for r in map(json.loads,open(sys.argv[1]))}
for rep in sys.argv[2:]:
    c=collections.Counter()
    for p in map(json.loads,open(rep+'/predictions.jsonl')):
        r=R[(p['conversation_id'],p['turn'])]
        if p['turn']==1: c['t1_served']+= p['action']=='answer'
        elif r['kind']=='failed':
            c['fail_'+('silenced' if 'handoff_active' in p['reasons'] else p['action'])]+=1
        else:
            c['look_'+p['action']]+=1
            if 'handoff_active' in p['reasons']: c['look_silenced']+=1
    print(rep, dict(sorted(c.items())))
