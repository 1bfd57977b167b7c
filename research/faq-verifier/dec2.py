from dec import *
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
Xt,okt,post,kt=dataset('tune')
for cols in [[0,1],[0,1,2],[0,1,2,4,5],[0,1,2,3,4,5,6,7]]:
    sc=StandardScaler().fit(Xt[:,cols]); m=LogisticRegression(C=1.0).fit(sc.transform(Xt[:,cols]),okt)
    p=m.predict_proba(sc.transform(Xt[:,cols]))[:,1]
    # leave-one-out-ish CV: 5 folds
    from sklearn.model_selection import cross_val_predict
    pc=cross_val_predict(LogisticRegression(C=1.0),sc.transform(Xt[:,cols]),okt,cv=5,method='predict_proba')[:,1]
    print([NAMES[c] for c in cols],'in-sample auc',round(auc(p,okt),3),'cv auc',round(auc(pc,okt),3),'cv rec@98',recall_at(pc,okt,post)[0],'rec@95',recall_at(pc,okt,post,0.95)[0],'rec@90',recall_at(pc,okt,post,0.90)[0])
