/**
 * Concordance benchmark: fills a database with 100,000 sentence links of generated English/Korean
 * news text (Zipf-distributed vocabulary, Korean nouns with particles), then times searchCorpus
 * (exact count + first page of 20, sorted by date) for single words, phrases and two-character Korean
 * queries, beside the baseline a concordancer without an index would have: a LIKE scan of every sentence.
 *
 *   npm run bench:search [-- --links 100000 --runs 30 --db /tmp/jjak-bench-search.db --reuse]
 */
import { parseArgs } from 'node:util';
import { existsSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { openDb } from '../db/open.ts';
import { searchCorpus } from '../db/search/index.ts';
import { parseQuery } from '../server/search/query.ts';

const { values } = parseArgs({
  options: {
    links: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '30' },
    db: { type: 'string', default: '/tmp/jjak-bench-search.db' },
    // Reuse a database an earlier run filled (same --links), to time queries again without refilling.
    reuse: { type: 'boolean', default: false },
  },
});
const LINKS = Number(values.links);
const RUNS = Number(values.runs);
const SENTENCES_PER_PARAGRAPH = 4;
const PARAGRAPHS_PER_PAIR = 5;

// Deterministic PRNG (mulberry32), so every run measures the same corpus.
let seed = 0x5eed;
const random = (): number => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
/** Index into a list of n, Zipf-like: rank r is drawn with weight 1/(r+1). */
const zipf = (n: number): number => Math.min(n - 1, Math.floor(Math.exp(random() * Math.log(n + 1)) - 1));
const pick = <T>(list: readonly T[]): T => list[zipf(list.length)]!;

const EN_WORDS = (`the of and to in a said on for that with by was is at as government north korea south from
minister president talks officials nuclear would has it be seoul an year its have will this were meeting
policy economy market military united states prices week plan percent new people city agreement
denuclearization summit pyongyang washington ministry election party lawmakers court prosecutors workers
companies exports chips record growth bank interest rates inflation housing rent budget won billion
million police investigation report survey students schools university hospital doctors patients health
weather typhoon rain festival tourists coast island ferry airport bus subway fare night line station
museum exhibition film director actor music band concert fans league team coach season match victory
defeat sanctions missile launch test satellite border soldiers families reunion aid food rice farmers
fishermen port ships trade tariffs steel cars batteries energy nuclear-free coal solar wind emissions climate
carbon forest fire drought heat wave elderly pension welfare birth rate marriage children parents
teachers exam admissions housing prices apartment loan debt households consumers spending retail online
platform app data privacy security hacking ai robots semiconductor factory jobs unemployment wages union
strike negotiations protest rally candlelight impeachment constitution assembly opposition ruling
spokesperson statement interview press conference broadcast newspaper editorial column readers`).split(/\s+/);

const KO_NOUNS = (`정부 대통령 미국 한국 서울 장관 회담 경제 시장 정책 북한 남북 비핵화 정상회담 평양 워싱턴 외교부 국방부 통일부 선거 국회
의원 법원 검찰 노동자 기업 수출 반도체 기록 성장 은행 금리 물가 주택 예산 경제 시장 정책 군사 협상 합의
경찰 수사 보고서 조사 학생 학교 대학 병원 의사 환자 건강 날씨 태풍 축제 관광객 해안 여객선 공항 버스 지하철
요금 심야 노선 박물관 전시회 영화 감독 배우 음악 공연 구단 감독 시즌 경기 승리 제재 미사일 발사 시험 위성
국경 군인 가족 상봉 지원 식량 농민 어민 항구 무역 관세 철강 자동차 배터리 에너지 석탄 태양광 풍력 배출
기후 탄소 산불 가뭄 폭염 노인 연금 복지 출산율 결혼 아이 부모 교사 시험 입시 아파트 대출 부채 가계 소비자
플랫폼 데이터 개인정보 보안 해킹 인공지능 로봇 공장 일자리 실업 임금 노조 파업 시위 집회 촛불 탄핵 헌법
야당 여당 대변인 성명 인터뷰 기자회견 방송 신문 사설 독자`).split(/\s+/);
// A long tail of invented words after the real ones, so frequencies fall off the way a news corpus's do
// (a few thousand distinct words; the real words sit at ranks 0–200, the queries among them).
const EN_SYLLABLES = ['ka', 'lo', 'mer', 'tin', 'sa', 've', 'dor', 'pli', 'qua', 'ren', 'sto', 'ba', 'gen', 'mi', 'tal', 'cor'];
const KO_SYLLABLES = [...'가나다라마바사아자차카타파하고노도로모보소오조초구누두루무부수우주추기니디리미비시이지치'];
function inventWords(syllables: readonly string[], count: number, taken: readonly string[]): string[] {
  const seen = new Set(taken);
  const out: string[] = [];
  while (out.length < count) {
    const n = 2 + Math.floor(random() * 2);
    const w = Array.from({ length: n }, () => syllables[Math.floor(random() * syllables.length)]!).join('');
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}
EN_WORDS.push(...inventWords(EN_SYLLABLES, 4000, EN_WORDS));
KO_NOUNS.push(...inventWords(KO_SYLLABLES, 4000, KO_NOUNS));

const PARTICLES = ['은', '는', '이', '가', '을', '를', '의', '와', '과', '에', '에서', '으로', '도', '만', ''];
const ENDINGS = ['밝혔다.', '말했다.', '전했다.', '발표했다.', '합의했다.', '예정이다.', '것으로 알려졌다.', '강조했다.', '나타났다.'];
const EN_VERBS = ['said', 'announced', 'agreed', 'reported', 'warned', 'denied', 'confirmed', 'expected'];

function enSentence(): string {
  const n = 8 + Math.floor(random() * 14);
  const words = Array.from({ length: n }, () => pick(EN_WORDS));
  words.splice(Math.floor(n / 2), 0, pick(EN_VERBS));
  const s = words.join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}
function koSentence(): string {
  const n = 5 + Math.floor(random() * 9);
  const words = Array.from({ length: n }, () => `${pick(KO_NOUNS)}${PARTICLES[Math.floor(random() * PARTICLES.length)]!}`);
  return `${words.join(' ')} ${ENDINGS[Math.floor(random() * ENDINGS.length)]!}`;
}

function fill(file: string): void {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const db = openDb(file);
  db.pragma('synchronous = OFF');
  const perPair = SENTENCES_PER_PARAGRAPH * PARAGRAPHS_PER_PAIR;
  const pairs = Math.ceil(LINKS / perPair);
  const article = db.prepare(`INSERT INTO articles (lang, source_format, raw_text, content_hash, title, section, published_at, created_at)
    VALUES (?, 'text', '', ?, ?, ?, ?, ?)`);
  const paragraph = db.prepare('INSERT INTO paragraphs (article_id, position, kind, text) VALUES (?, ?, ?, ?)');
  const sentence = db.prepare('INSERT INTO sentences (paragraph_id, article_id, position, text) VALUES (?, ?, ?, ?)');
  const pair = db.prepare(`INSERT INTO pairs (en_article_id, ko_article_id, content_key, status, created_at, updated_at)
    VALUES (?, ?, ?, 'aligned', ?, ?)`);
  const link = db.prepare(`INSERT INTO links (pair_id, level, position, en_start, en_end, ko_start, ko_end, status, confidence, confirmed_by, confirmed_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const sections = ['politics', 'economy', 'society', 'international', 'culture'];
  const started = Date.now();
  let links = 0;
  db.transaction(() => {
    for (let p = 0; p < pairs && links < LINKS; p++) {
      const day = new Date(Date.UTC(2018, 0, 1) + Math.floor(random() * 2500) * 86_400_000).toISOString().slice(0, 10);
      const published = `${day}T09:00:00+09:00`;
      const section = sections[p % sections.length]!;
      const ids = (['en', 'ko'] as const).map((lang) => {
        const id = Number(article.run(lang, `h${p}${lang}`, lang === 'en' ? enSentence() : koSentence(), section, published, published).lastInsertRowid);
        let position = 0;
        for (let q = 0; q < PARAGRAPHS_PER_PAIR; q++) {
          const texts = Array.from({ length: SENTENCES_PER_PARAGRAPH }, () => (lang === 'en' ? enSentence() : koSentence()));
          const pid = Number(paragraph.run(id, q, q === 0 ? 'title' : 'body', texts.join(' ')).lastInsertRowid);
          for (const t of texts) sentence.run(pid, id, position++, t);
        }
        return id;
      });
      const pairId = Number(pair.run(ids[0], ids[1], `k${p}`, published, published).lastInsertRowid);
      for (let q = 0; q < PARAGRAPHS_PER_PAIR; q++) link.run(pairId, 'paragraph', q, q, q + 1, q, q + 1, 'auto', 0.9, null, null);
      for (let i = 0; i < perPair && links < LINKS; i++, links++) {
        const confirmed = random() < 0.3;
        link.run(pairId, 'sentence', i, i, i + 1, i, i + 1, confirmed ? 'confirmed' : 'auto', Math.round(random() * 100) / 100,
          confirmed ? 'bench' : null, confirmed ? published : null);
      }
    }
  })();
  db.pragma('optimize');
  db.close();
  console.log(`filled ${file}: ${links} sentence links in ${pairs} pairs (${(Date.now() - started) / 1000} s, FTS triggers included)`);
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

function filledLinks(file: string): number {
  if (!existsSync(file)) return 0;
  const db = openDb(file);
  try {
    return db.prepare<[], { n: number }>("SELECT count(*) AS n FROM links WHERE level = 'sentence'").get()?.n ?? 0;
  } finally {
    db.close();
  }
}

function main(): void {
  if (values.reuse && filledLinks(values.db) === LINKS) console.log(`reusing ${values.db} (${LINKS} sentence links)`);
  else fill(values.db);
  const db = openDb(values.db);
  const groups: Record<string, string[]> = {
    'single words (en)': ['nuclear', 'summit', 'typhoon', 'inflation', 'readers'],
    'single words (ko, 3+ chars)': ['비핵화', '정상회담', '반도체를', '기자회견', '출산율'],
    'phrases': ['"north korea"', '"interest rates"', '"press conference"', '"비핵화 협상"', '"북한의 미사일"'],
    'two-character Korean': ['북한', '남북', '회담', '태풍', '독자'],
    // The most frequent words of the generated vocabulary, each in more than 9% of the sentences:
    // shown apart because every hit costs a join and the sort by date sees them all.
    'very common words (>9%)': ['government', 'said', '정부', '대통령'],
  };
  const like = db.prepare<[string, string], { n: number }>(
    `SELECT count(*) AS n FROM sentences s JOIN articles a ON a.id = s.article_id WHERE a.lang = ? AND s.text LIKE ?`,
  );
  const [load1] = loadavg();
  console.log(`\n${RUNS} runs per query; each run = exact count + first page of 20 hits sorted by date.`);
  console.log(`Wall time and CPU time (the CPU column is what the query costs when the machine is shared; load average now ${load1!.toFixed(1)} on ${cpus().length} CPUs).`);
  console.log(`Baseline: count(*) with LIKE '%…%' over every sentence of the language (no index), 5 runs per query.\n`);
  console.log(`${'query group'.padEnd(28)} ${'wall ms'.padStart(7)} ${''.padStart(7)} ${'cpu ms'.padStart(8)} ${''.padStart(7)}   ${'LIKE ms'.padStart(9)} ${''.padStart(7)}   hits per query`);
  console.log(`${''.padEnd(28)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p50'.padStart(8)} ${'p95'.padStart(7)}   ${'p50'.padStart(9)} ${'p95'.padStart(7)}`);
  for (const [name, queries] of Object.entries(groups)) {
    const times: number[] = [];
    const cpu: number[] = [];
    const baseline: number[] = [];
    const counts: number[] = [];
    for (const q of queries) {
      const parsed = parseQuery(q);
      if (!parsed.ok) throw new Error(`${q}: ${parsed.message}`);
      const lang = parsed.sides[0]!;
      const needle = `%${parsed.terms.map((t) => t.text).join('%')}%`;
      for (let r = 0; r < RUNS; r++) {
        const t0 = process.hrtime.bigint();
        const c0 = process.cpuUsage();
        const result = searchCorpus(db, parsed, {}, { level: 'sentence', sort: 'date', limit: 20, offset: 0, exactTotal: true });
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
        if (r === 0) counts.push(result.total);
        if (r < 5) {
          const b0 = process.hrtime.bigint();
          like.get(lang, needle);
          baseline.push(Number(process.hrtime.bigint() - b0) / 1e6);
        }
      }
    }
    for (const list of [times, cpu, baseline]) list.sort((a, b) => a - b);
    const f = (list: number[], p: number, w: number) => percentile(list, p).toFixed(1).padStart(w);
    console.log(`${name.padEnd(28)} ${f(times, 0.5, 7)} ${f(times, 0.95, 7)} ${f(cpu, 0.5, 8)} ${f(cpu, 0.95, 7)}   ${f(baseline, 0.5, 9)} ${f(baseline, 0.95, 7)}   ${counts.join(', ')}`);
  }
  db.close();
}

main();
