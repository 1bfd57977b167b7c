"""Writes texts.jsonl for one faq-dev set: queries, KB questions (query side) and answers (document side)."""
import json, sys
s = sys.argv[1]
base = f'../../training-data/faq-dev/{s}'
kb = [json.loads(l) for l in open(f'{base}/kb.jsonl')]
qs = [json.loads(l) for l in open(f'{base}/queries.jsonl')]
with open(f'/tmp/ftok_{s}_texts.jsonl', 'w') as f:
    for q in qs:
        f.write(json.dumps({'text': q['text'], 'role': 'query'}, ensure_ascii=False) + '\n')
    for e in kb:
        for x in e['questions']:
            f.write(json.dumps({'text': x, 'role': 'question', 'entry': e['id']}, ensure_ascii=False) + '\n')
        a = e['answer']
        for lang, t in (a.items() if isinstance(a, dict) else [('any', a)]):
            f.write(json.dumps({'text': t, 'role': 'answer', 'entry': e['id'], 'document': True}, ensure_ascii=False) + '\n')
