// Retakes the README's newsroom screenshots against a running demo (see take.sh).
// Speaks W3C WebDriver to Debian's chromedriver with Node's own fetch: no npm packages.
// Usage: node take.mjs <base-url> <first admin's one-time sign-in link, or - to sign in with
// EMAIL/PASSWORD> <output dir>
import { writeFileSync } from "node:fs";

const [base, signIn, out] = process.argv.slice(2);
const driver = process.env.CHROMEDRIVER_URL || "http://127.0.0.1:9515";
const profile = process.env.PROFILE_DIR;
let session;

async function wd(method, path, body) {
  const res = await fetch(`${driver}/session${session ? "/" + session : ""}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (json.value && json.value.error) throw new Error(`${method} ${path}: ${json.value.message}`);
  return json.value;
}
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const go = (url) => wd("POST", "/url", { url: url.startsWith("http") ? url : base + url });
const js = (script, ...args) => wd("POST", "/execute/sync", { script, args });
async function find(css, timeout = 10000) {
  const until = Date.now() + timeout;
  for (;;) {
    try {
      const v = await wd("POST", "/element", { using: "css selector", value: css });
      if (!v || !v[ELEMENT]) throw new Error("not found: " + css + " " + JSON.stringify(v));
      return v[ELEMENT];
    } catch (e) {
      if (Date.now() > until) throw e;
      await sleep(200);
    }
  }
}
const click = async (css) => wd("POST", `/element/${await find(css)}/click`, {});
const type = async (css, text) => wd("POST", `/element/${await find(css)}/value`, { text });
const KEY = { enter: "\uE007", end: "\uE010", shiftLeft: "\uE008\uE012" };
async function size(width, height) {
  await wd("POST", "/window/rect", { width, height });
}
async function shot(name, width, height) {
  await size(width, height);
  await sleep(400);
  const png = await wd("GET", "/screenshot");
  writeFileSync(`${out}/${name}.png`, Buffer.from(png, "base64"));
  console.log(`${out}/${name}.png`);
}
async function alertText(text) {
  for (let i = 0; i < 50; i++) {
    try {
      await wd("POST", "/alert/text", { text });
      await wd("POST", "/alert/accept", {});
      return;
    } catch (e) {
      await sleep(200);
    }
  }
  throw new Error("no prompt appeared");
}

const args = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
  "--hide-scrollbars", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1;localhost",
];
if (profile) args.push(`--user-data-dir=${profile}`);
session = (
  await wd("POST", "", {
    capabilities: { alwaysMatch: { "goog:chromeOptions": { binary: "/usr/bin/chromium", args } } },
  })
).sessionId;
try {
  await size(1280, 900);
  const password = process.env.PASSWORD || "a long demo password";
  if (signIn && signIn.includes("/welcome/")) {
    // The first admin's one-time link: choose the password, which signs in.
    await go(signIn);
    await type("#password", password);
    await type("#confirmation", password);
    await click("main form button[type=submit]");
  } else {
    await go("/newsroom/login");
    await type("#email", process.env.EMAIL || "admin@samizdat.local");
    await type("#password", password);
    await click("form[action='/newsroom/login'] button[type=submit]");
  }
  await sleep(1000);

  // An illustrated article, written with the toolbar only.
  await go("/newsroom/articles/new");
  await type("#headline", "Night buses return to the harbour district");
  await click("#rich-body");
  await click("#tb-h2");
  await type("#rich-body", "What changes on Monday" + KEY.enter);
  await type("#rich-body", "Three lines run again ");
  await click("#tb-bold");
  await type("#rich-body", "every twenty minutes");
  await click("#tb-bold");
  await type("#rich-body", " from midnight, says the city's timetable");
  for (let i = 0; i < 9; i++) await type("#rich-body", KEY.shiftLeft);
  await wd("POST", "/actions", {
    actions: [{ type: "key", id: "k", actions: [{ type: "keyUp", value: "\uE008" }] }],
  });
  await click("#tb-link");
  await alertText("https://example.org/timetable");
  await type("#rich-body", KEY.end + "." + KEY.enter);
  await click("#tb-bullets");
  await type("#rich-body", "N1 to the ferry" + KEY.enter + "N4 to the hospital" + KEY.enter + KEY.enter);
  // A photo as a phone or a file manager would hand it over (a paste of one JPEG).
  await js(
    `var el=arguments[0]; var c=document.createElement('canvas'); c.width=1200; c.height=420; var g=c.getContext('2d');
     var s=g.createLinearGradient(0,0,0,420); s.addColorStop(0,'#1d3557'); s.addColorStop(1,'#e9c46a');
     g.fillStyle=s; g.fillRect(0,0,1200,420); g.fillStyle='#f4a261'; g.fillRect(180,200,760,160);
     g.fillStyle='#222'; for (var i=0;i<6;i++) g.fillRect(220+i*120,230,80,60);
     c.toBlob(function(b){ var dt=new DataTransfer(); dt.items.add(new File([b],'bus.jpg',{type:'image/jpeg'}));
       el.dispatchEvent(new ClipboardEvent('paste',{clipboardData:dt,bubbles:true,cancelable:true}));
     }, 'image/jpeg', 0.9);`,
    { [ELEMENT]: await find("#rich-body") },
  );
  await alertText("A night bus waits at the harbour stop");
  await find("#rich-body img[src^='/media/']", 20000);
  await js("document.querySelector('main h1').scrollIntoView()");
  await shot("editor-desktop", 1280, 900);
  await size(390, 844);
  await js("document.querySelector('label[for=headline]').scrollIntoView()");
  await shot("editor-phone", 390, 844);
  await size(1280, 900);
  await js("document.querySelector('fieldset input[name=authorIds]').click()");
  await click("#publish");
  await find("p.flash");
  const id = (await js("return document.querySelector('form.editor').getAttribute('action')")).split("/").pop();

  // A live page: start coverage on the new article and post two updates from the live desk.
  await go(`/newsroom/articles/${id}/live`);
  await click("#live-start");
  for (const text of [
    "The first N1 left the ferry terminal at 00:04, **three minutes late**.",
    "Drivers say the N4 will stop at the hospital's new entrance from Tuesday.",
  ]) {
    await type("#text", text);
    await click("#post-update");
    await find("p.flash");
  }
  await size(390, 844);
  await js("document.querySelector('#new-update').scrollIntoView()");
  await shot("live-desk-phone", 390, 844);
  // What readers see: the live page on a phone, newest update first.
  const page = await js("var a=document.querySelector('.nr-head .meta a[target=_blank]'); return a && a.getAttribute('href')");
  await go(page);
  await js("document.querySelector('main h1').scrollIntoView(); window.scrollBy(0, -40)");
  await shot("live-page-phone", 390, 844);
} finally {
  await wd("DELETE", "", undefined).catch(() => {});
}
