// A large text and a large register for the encode benchmark, made deterministically (a seeded
// generator, no data files): Arabic filler prose with register names (with proclitics), dates
// in both month systems and durations every few sentences; a YAML register of N entries with
// Arabic and English names, adjectives for places, roles for persons.
const LETTERS = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';
const WORDS = (
  'قال أعلن أكد في من إلى على عن مع أن إن الذي التي بعد قبل خلال منذ حتى كان كانت وزير رئيس حكومة ' +
  'الاجتماع المؤتمر الزيارة الوفد المباحثات الاتفاق القضايا السياسية الاقتصادية العسكرية الأمنية المنطقة ' +
  'الشعب المدينة البلاد العاصمة الأوضاع الراهنة الاستقرار التعاون المشترك الجانبين الطرفين مصادر مطلعة ' +
  'وأضاف وأشار وذكرت وقالت يذكر أنه لم يتم حيث بشكل كبير جديد جديدة عدد من المسؤولين الدولية المحلية'
).split(' ');
const MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو/حزيران', 'تموز/يوليو', 'أغسطس', 'أيلول', 'أكتوبر', 'جانفي', 'ديسمبر'];
const CLITICS = ['', '', '', 'و', 'ب', 'ل', 'ف', 'وب'];

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** { yaml, text, entries } for a register of `n` entries and a text of about `bytes` UTF-8 bytes. */
export function encodeCorpus({ entries: n = 5000, bytes = 2 * 1024 * 1024, seed = 11 } = {}) {
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const word = (len) => Array.from({ length: len }, () => pick(LETTERS)).join('');
  const latin = () => {
    const s = Array.from({ length: 5 + Math.floor(r() * 4) }, () => pick('abcdefghiklmnoprstuvz')).join('');
    return s[0].toUpperCase() + s.slice(1);
  };
  const kinds = ['persons', 'places', 'orgs'];
  const list = { persons: [], places: [], orgs: [] };
  const names = [];
  const seen = new Set();
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % 3];
    let ar;
    do ar = Array.from({ length: 1 + Math.floor(r() * 3) }, () => word(3 + Math.floor(r() * 4))).join(' ');
    while (seen.has(ar));
    seen.add(ar);
    const en = `${latin()} ${latin()}`;
    const e = { id: `e${i}`, kind, ar, en };
    list[kind].push(e);
    names.push(e);
  }
  const yaml = [];
  for (const k of kinds) {
    yaml.push(`${k}:`);
    for (const e of list[k]) {
      yaml.push(`  - id: ${e.id}`, `    names: { ar: "${e.ar}", en: "${e.en}" }`);
      if (k === 'places') yaml.push(`    adjectives: { ar: "${e.ar.split(' ')[0]}ي" }`);
      if (k === 'persons') yaml.push(`    roles: { ar: "وزير ${word(4)}" }`);
    }
  }
  const paragraphs = [];
  let size = 0;
  while (size < bytes) {
    const sentence = [];
    for (let s = 0; s < 4; s++) {
      for (let w = 0; w < 12; w++) {
        const x = r();
        if (x < 0.08) sentence.push(pick(CLITICS) + pick(names).ar);
        else if (x < 0.09) sentence.push(`${1 + Math.floor(r() * 28)} ${pick(MONTHS)} ${1990 + Math.floor(r() * 35)}`);
        else if (x < 0.095) sentence.push(`${pick(['ستة', 'ثلاثة', 'خمسة'])} ${pick(['أشهر', 'أيام', 'سنوات'])}`);
        else if (x < 0.1) sentence.push(pick(names).en);
        else sentence.push(pick(WORDS));
      }
      sentence.push('.');
    }
    const p = sentence.join(' ').replace(/ \./g, '.');
    paragraphs.push(p);
    size += Buffer.byteLength(p) + 2;
  }
  return { yaml: `${yaml.join('\n')}\n`, text: paragraphs.join('\n\n'), entries: n };
}
