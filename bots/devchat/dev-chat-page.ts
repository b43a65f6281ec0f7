import type { Db } from "../../db/client.ts";
import { activeInviteCode, listPeople } from "../../db/repositories/people-repository.ts";

/**
 * The /dev page: pick a person, chat as them. Invite codes are shown because this is a dev tool.
 * Made for a phone too: the person list folds away, a paperclip sends a photo or file (its name and
 * type, as a channel's file event would), and each person's conversation is kept in the browser's
 * localStorage, so a reload loses nothing.
 */
export async function devChatPage(db: Db): Promise<string> {
  const now = new Date();
  const people = (await Promise.all((await listPeople(db)).map(async (p) => ({ id: p.id, name: p.name, phone: p.phone, unit: p.unitName, roles: p.roles.join(", "), code: (await activeInviteCode(db, p.id, now))?.code ?? "" }))));
  const data = JSON.stringify(people).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>chitieu — dev chat</title>
<style>
 *{box-sizing:border-box}
 body{font-family:system-ui,sans-serif;margin:0;display:flex;flex-direction:column;height:100vh;height:100dvh}
 details#who{border-bottom:1px solid #ddd;background:#fafafa}
 details#who summary{padding:10px 12px;cursor:pointer;font-weight:600}
 #peoplebox{max-height:55vh;overflow:auto;padding:0 8px 8px}
 #peoplebox button{display:block;width:100%;text-align:left;margin:4px 0;padding:6px;border:1px solid #ccc;border-radius:6px;background:#fff;cursor:pointer}
 #peoplebox button.active{border-color:#2a6;background:#efe}
 main{flex:1;display:flex;flex-direction:column;min-height:0}
 #log{flex:1;overflow:auto;padding:12px;background:#eef2f5}
 .msg{white-space:pre-wrap;overflow-wrap:anywhere;max-width:85%;margin:6px 0;padding:8px 10px;border-radius:10px}
 .me{background:#d8f5d0;margin-left:auto}.bot{background:#fff}.pushed{border-left:4px solid #e90}
 .choices button{margin:4px 4px 0 0;padding:6px 10px;border-radius:6px;border:1px solid #69c;background:#f0f6ff;cursor:pointer}
 form{display:flex;padding:8px;gap:6px;border-top:1px solid #ddd;align-items:center} #t{flex:1;min-width:0;padding:8px;font-size:16px}
 label.attach{font-size:22px;cursor:pointer;padding:0 4px} #file{display:none}
 small{color:#666} #clear{font-size:12px;margin:4px 0 8px}
 @media (min-width:800px){body{flex-direction:row}details#who{width:320px;border-bottom:0;border-right:1px solid #ddd;overflow:auto}#peoplebox{max-height:none}}
</style></head><body>
<details id="who" open><summary id="whoTitle">Chat as…</summary><div id="peoplebox"><small>Link first by sending the person's invite code.</small><div id="people"></div>
<p><button data-guest>Unknown account</button></p><button id="clear" type="button">Clear this conversation</button></div></details>
<main><div id="log" aria-live="polite"></div><form id="f"><label class="attach" title="Đính kèm ảnh hoặc tệp" aria-label="Đính kèm ảnh hoặc tệp">📎<input type="file" id="file"></label><input id="t" autocomplete="off" placeholder="Gõ tin nhắn… (ví dụ: DM-KHCN, báo cáo, quá hạn, 5G 72)"><button>Gửi</button></form></main>
<script>
const people=${data};
let user=null;
const log=document.getElementById('log');
const list=document.getElementById('people');
const who=document.getElementById('who');
const store={key:u=>'chitieu-dev-chat:'+u,
 load(u){try{return JSON.parse(localStorage.getItem(this.key(u)))||{items:[],lastInbox:0}}catch{return{items:[],lastInbox:0}}},
 save(u,s){try{localStorage.setItem(this.key(u),JSON.stringify(s))}catch{}}};
let convo={items:[],lastInbox:0};
function el(tag,cls,text){const e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined)e.textContent=text;return e}
const shown=new Map();
function remember(item){convo.items.push(item);if(convo.items.length>300)convo.items.splice(0,convo.items.length-300);store.save(user,convo)}
function draw(item){
 if(item.who==='me')return el('div','msg me',item.text);
 const m=el('div','msg bot'+(item.pushed?' pushed':''),item.text);
 if(item.choices&&item.choices.length){const c=el('div','choices');for(const ch of item.choices){const b=el('button',null,ch.label);b.onclick=()=>send({choice:ch.id},ch.label);c.append(b)}m.append(c)}
 return m}
function show(item){const node=draw(item);const old=item.messageId&&shown.get(item.messageId);if(old)old.replaceWith(node);else log.append(node);if(item.messageId)shown.set(item.messageId,node);log.scrollTop=log.scrollHeight}
function pick(u,label,btn){user=u;localStorage.setItem('chitieu-dev-chat:user',JSON.stringify({u,label}));shown.clear();log.replaceChildren();
 document.querySelectorAll('#peoplebox button').forEach(b=>b.classList.remove('active'));if(btn)btn.classList.add('active');
 document.getElementById('whoTitle').textContent='Chat as: '+label;convo=store.load(u);for(const i of convo.items)show(i);
 if(matchMedia('(max-width:799px)').matches)who.open=false}
for(const p of people){const b=el('button');b.append(el('b',null,p.name),el('br'),el('small',null,(p.unit||'')+' — '+p.roles+(p.code?' — code '+p.code:'')));b.dataset.person=p.phone||String(p.id);b.onclick=()=>pick(p.phone||String(p.id),p.name,b);list.append(b)}
document.querySelector('[data-guest]').onclick=e=>pick('guest '+Date.now(),'Unknown account',e.currentTarget);
document.getElementById('clear').onclick=()=>{if(!user)return;convo={items:[],lastInbox:0};store.save(user,convo);log.replaceChildren();shown.clear()};
// Reminders, escalations and broadcasts arrive through the outbox: poll the dev inbox and show them (an edit replaces its message).
async function pollInbox(){if(!user)return;const r=await fetch('/dev/inbox?user='+encodeURIComponent(user)+'&after='+convo.lastInbox);if(!r.ok)return;const j=await r.json();
 for(const m of j.messages){convo.lastInbox=Math.max(convo.lastInbox,m.id);const item={who:'bot',text:m.text,choices:m.choices||[],pushed:true,messageId:m.messageId||null};
  const at=item.messageId?convo.items.findIndex(i=>i.messageId===item.messageId):-1;if(at>=0)convo.items[at]=item;else convo.items.push(item);show(item)}
 if(j.messages.length)store.save(user,convo)}
setInterval(pollInbox,3000);
async function send(body,text){if(!user){alert('Pick a person first');who.open=true;return}
 if(text){const i={who:'me',text};remember(i);show(i)}
 const r=await fetch('/dev/chat',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({user,...body})});
 const j=await r.json();
 for(const rep of (j.replies||[])){const i={who:'bot',text:rep.text,choices:rep.choices};remember(i);show(i)}
 if(j.message){const i={who:'bot',text:j.message,choices:[]};remember(i);show(i)}}
document.getElementById('f').onsubmit=e=>{e.preventDefault();const t=document.getElementById('t');const v=t.value;if(!v)return;t.value='';send({text:v},v)};
document.getElementById('file').onchange=e=>{const f=e.target.files[0];if(!f)return;const t=document.getElementById('t');const caption=t.value;t.value='';e.target.value='';
 const kind=f.type.startsWith('image/')?'photo':'document';
 send({attachment:{kind,fileId:'dev-'+Date.now()+'-'+f.name.replace(/[^A-Za-z0-9._-]/g,'_').slice(0,80),fileName:f.name.slice(0,255),mimeType:(f.type||'application/octet-stream').slice(0,100),sizeBytes:f.size},...(caption?{text:caption}:{})},'📎 '+f.name+(caption?' — '+caption:''))};
const last=JSON.parse(localStorage.getItem('chitieu-dev-chat:user')||'null');
if(last){const btn=[...list.querySelectorAll('button')].find(b=>b.dataset.person===last.u);pick(last.u,last.label,btn)}
</script></body></html>`;
}
