import type { Db } from "../../db/client.ts";
import { activeInviteCode, listPeople } from "../../db/repositories/people-repository.ts";

/** The /dev page: pick a person, chat as them. Invite codes are shown because this is a dev tool. */
export function devChatPage(db: Db): string {
  const now = new Date();
  const people = listPeople(db).map((p) => ({ id: p.id, name: p.name, phone: p.phone, unit: p.unitName, roles: p.roles.join(", "), code: activeInviteCode(db, p.id, now)?.code ?? "" }));
  const data = JSON.stringify(people).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>chitieu — dev chat</title>
<style>
 body{font-family:system-ui,sans-serif;margin:0;display:flex;height:100vh}
 aside{width:320px;border-right:1px solid #ddd;overflow:auto;padding:8px;background:#fafafa}
 aside button{display:block;width:100%;text-align:left;margin:4px 0;padding:6px;border:1px solid #ccc;border-radius:6px;background:#fff;cursor:pointer}
 aside button.active{border-color:#2a6;background:#efe}
 main{flex:1;display:flex;flex-direction:column}
 #log{flex:1;overflow:auto;padding:12px;background:#eef2f5}
 .msg{white-space:pre-wrap;max-width:75%;margin:6px 0;padding:8px 10px;border-radius:10px}
 .me{background:#d8f5d0;margin-left:auto}.bot{background:#fff}
 .choices button{margin:4px 4px 0 0;padding:4px 8px;border-radius:6px;border:1px solid #69c;background:#f0f6ff;cursor:pointer}
 form{display:flex;padding:8px;gap:8px;border-top:1px solid #ddd} input{flex:1;padding:8px;font-size:16px}
 small{color:#666}
</style></head><body>
<aside><h3>Chat as…</h3><small>Link first by sending the person's invite code.</small><div id="people"></div>
<p><button data-guest>Unknown account</button></p></aside>
<main><div id="log"></div><form id="f"><input id="t" autocomplete="off" placeholder="Gõ tin nhắn… (ví dụ: DM-KHCN, báo cáo, quá hạn, 5G 72)"><button>Gửi</button></form></main>
<script>
const people=${data};
let user=null;
const log=document.getElementById('log');
const list=document.getElementById('people');
function el(tag,cls,text){const e=document.createElement(tag);if(cls)e.className=cls;if(text!==undefined)e.textContent=text;return e}
let lastInbox=0;const shown=new Map();
function pick(u,btn){user=u;lastInbox=0;shown.clear();log.replaceChildren();document.querySelectorAll('aside button').forEach(b=>b.classList.remove('active'));btn.classList.add('active')}
for(const p of people){const b=el('button');b.append(el('b',null,p.name),el('br'),el('small',null,(p.unit||'')+' — '+p.roles+(p.code?' — code '+p.code:'')));b.onclick=()=>pick(p.phone||String(p.id),b);list.append(b)}
document.querySelector('[data-guest]').onclick=e=>pick('guest '+Date.now(),e.currentTarget);
function botMessage(rep){const m=el('div','msg bot',rep.text);if(rep.choices.length){const c=el('div','choices');for(const ch of rep.choices){const b=el('button',null,ch.label);b.onclick=()=>send({choice:ch.id},ch.label);c.append(b)}m.append(c)}return m}
// Reminders, escalations and broadcasts arrive through the outbox: poll the dev inbox and show them (an edit replaces its message).
async function pollInbox(){if(!user)return;const r=await fetch('/dev/inbox?user='+encodeURIComponent(user)+'&after='+lastInbox);if(!r.ok)return;const j=await r.json();
 for(const m of j.messages){lastInbox=Math.max(lastInbox,m.id);const node=botMessage(m);node.style.borderLeft='4px solid #e90';const old=m.messageId&&shown.get(m.messageId);if(old)old.replaceWith(node);else log.append(node);if(m.messageId)shown.set(m.messageId,node)}
 if(j.messages.length)log.scrollTop=log.scrollHeight}
setInterval(pollInbox,3000);
async function send(body,text){if(!user){alert('Pick a person first');return}
 if(text)log.append(el('div','msg me',text));
 const r=await fetch('/dev/chat',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({user,...body})});
 const j=await r.json();
 for(const rep of (j.replies||[]))log.append(botMessage(rep));
 if(j.message)log.append(el('div','msg bot',j.message));
 log.scrollTop=log.scrollHeight}
document.getElementById('f').onsubmit=e=>{e.preventDefault();const t=document.getElementById('t');const v=t.value;t.value='';send({text:v},v)};
</script></body></html>`;
}
