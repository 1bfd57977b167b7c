import json,re,sys
M={"u":"you","ur":"your","urs":"yours","r":"are","pls":"please","plz":"please","pleaseee":"please","thx":"thanks","ty":"thank you",
"tho":"though","rn":"right now","wat":"what","wut":"what","wanna":"want to","gonna":"going to","gotta":"have to","cuz":"because","coz":"because","bc":"because",
"im":"i'm","dont":"don't","cant":"can't","isnt":"isn't","wont":"won't","didnt":"didn't","doesnt":"doesn't","havent":"haven't","hasnt":"hasn't","wasnt":"wasn't","arent":"aren't","whats":"what's","wheres":"where's","hows":"how's","ive":"i've",
"n":"and","w/":"with","abt":"about","b4":"before","pkg":"package","msg":"message","acc":"account","acct":"account","addr":"address","amt":"amount","qty":"quantity","asap":"as soon as possible","nah":"no","ya":"yes","yea":"yes","yeah":"yes","k":"ok","kk":"ok","smth":"something","sth":"something","tmr":"tomorrow","tmrw":"tomorrow","2day":"today","2morrow":"tomorrow","bday":"birthday","idk":"i don't know","btw":"by the way","lemme":"let me","gimme":"give me","dunno":"don't know","teh":"the",
"acount":"account","adress":"address","recieve":"receive","recieved":"received","refundd":"refund","paymnt":"payment","delievery":"delivery","delivry":"delivery","shiping":"shipping","cancell":"cancel","passwrod":"password","pasword":"password","oder":"order","ordr":"order"}
pat=re.compile(r"(?<![A-Za-z0-9'/])([A-Za-z][A-Za-z0-9/']*)(?![A-Za-z0-9'])")
def fix(t):
    def rep(m):
        w=m.group(1); l=w.lower()
        if l in M: return M[l]
        return w
    return pat.sub(rep,t)
for line in open(sys.argv[1]):
    r=json.loads(line)
    if 'text' in r: r['text']=fix(r['text'])
    print(json.dumps(r,ensure_ascii=False))
