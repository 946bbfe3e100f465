/**
 * Writing an article update (issue 19): the old side goes into article_versions, the article row
 * takes the new text, the pair its new links, and the change log the counts; all or nothing.
 */
import { stmt, type Db } from './open.ts';
import { getPair, hashDocument, logChange, UrlConflictError, DuplicatePairError, writeLinks, writeParagraphs, type AlignmentInput, type DocumentInput, type PairDetail } from './pairs.ts';
import type { Lang } from '../server/model.ts';

/** The pair changed between reading it and writing the update (another reviewer saved meanwhile). */
export class UpdateConflictError extends Error {}

export interface ArticleUpdateWrite {
  pairId: number;
  /** The version the update was planned on: a pair saved meanwhile is refused. */
  version: number;
  en?: DocumentInput;
  ko?: DocumentInput;
  alignment: AlignmentInput;
  /** Normalised paragraph texts in realigned links, per side (pairs.changed_paragraphs). */
  changed: { en: string[]; ko: string[] };
  user: string;
  detail: object;
}

/** The stored pair holding this URL on this side, other than `pairId`, if any. */
function otherPairWithUrl(db: Db, lang: Lang, url: string, pairId: number): number | null {
  const row = stmt<[string, number], { id: number }>(db, lang === 'en'
    ? `SELECT p.id FROM articles a JOIN pairs p ON p.en_article_id = a.id WHERE a.url = ? AND a.lang = 'en' AND p.id <> ?`
    : `SELECT p.id FROM articles a JOIN pairs p ON p.ko_article_id = a.id WHERE a.url = ? AND a.lang = 'ko' AND p.id <> ?`,
  ).get(url, pairId);
  return row?.id ?? null;
}

function saveOldVersion(db: Db, pair: PairDetail, lang: Lang, user: string, at: string): void {
  const d = pair[lang];
  const raw = stmt<[number], { raw_text: string; content_hash: string }>(db, 'SELECT raw_text, content_hash FROM articles WHERE id = ?').get(d.articleId)!;
  stmt(db, `INSERT INTO article_versions (pair_id, lang, source_format, raw_text, content_hash, meta, paragraphs, links, replaced_by, replaced_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(pair.id, lang, d.format, raw.raw_text, raw.content_hash,
    JSON.stringify(d.meta), JSON.stringify(d.paragraphs), JSON.stringify(pair.links), user, at);
}

function replaceArticle(db: Db, articleId: number, doc: DocumentInput): void {
  const m = doc.meta;
  stmt(db, `UPDATE articles SET source_format = @format, raw_text = @raw, content_hash = @hash, url = @url, title = @title,
      subtitles = @subtitles, section = @section, published_at = @published, modified_at = @modified WHERE id = @id`).run({
    id: articleId, format: doc.format, raw: doc.raw, hash: hashDocument(doc), url: m.url, title: m.title,
    subtitles: JSON.stringify(m.subtitles), section: m.section, published: m.published, modified: m.modified,
  });
  stmt(db, 'DELETE FROM authors WHERE article_id = ?').run(articleId);
  const author = stmt(db, 'INSERT INTO authors (article_id, position, name, role, email) VALUES (?, ?, ?, ?, ?)');
  m.authors.forEach((a, i) => author.run(articleId, i, a.name, a.role ?? null, a.email ?? null));
  writeParagraphs(db, articleId, doc.paragraphs);
}

/**
 * Applies a planned update. Refuses (and changes nothing) when the pair's version moved, when a new
 * URL belongs to another pair, or when the updated texts are another pair's. Returns the new version.
 */
export function writeArticleUpdate(db: Db, u: ArticleUpdateWrite): number {
  return db.transaction(() => {
    const pair = getPair(db, u.pairId);
    if (!pair) throw new Error(`pair ${u.pairId} does not exist`);
    if (pair.version !== u.version) throw new UpdateConflictError(`Pair ${u.pairId} was changed while the update was prepared (version ${u.version} → ${pair.version}). Run the update again.`);
    const at = new Date().toISOString();
    const hashes = { en: hashDocument(u.en ?? pair.en), ko: hashDocument(u.ko ?? pair.ko) };
    for (const lang of ['en', 'ko'] as const) {
      const url = u[lang]?.meta.url;
      const other = url ? otherPairWithUrl(db, lang, url, u.pairId) : null;
      if (other !== null) throw new UrlConflictError(other, lang, url!);
    }
    const contentKey = `${hashes.en}:${hashes.ko}`;
    const same = stmt<[string, number], { id: number }>(db, 'SELECT id FROM pairs WHERE content_key = ? AND id <> ?').get(contentKey, u.pairId);
    if (same) throw new DuplicatePairError(same.id, 'same texts', `The updated texts are already stored as pair ${same.id}; pair ${u.pairId} was left as it was.`);
    for (const lang of ['en', 'ko'] as const) {
      const doc = u[lang];
      if (!doc) continue;
      saveOldVersion(db, pair, lang, u.user, at);
      replaceArticle(db, pair[lang].articleId, doc);
    }
    writeLinks(db, u.pairId, u.alignment);
    // A reviewed pair with links to look at again goes back into review.
    stmt(db, `UPDATE pairs SET content_key = ?, version = version + 1, updated_at = ?, changed_paragraphs = ?,
        status = CASE WHEN status = 'reviewed' AND ? > 0 THEN 'in_review' WHEN status = 'new' THEN 'aligned' ELSE status END
      WHERE id = ?`).run(contentKey, at, JSON.stringify(u.changed), u.changed.en.length + u.changed.ko.length, u.pairId);
    logChange(db, u.pairId, u.user, 'update', u.detail);
    return stmt<[number], { version: number }>(db, 'SELECT version FROM pairs WHERE id = ?').get(u.pairId)!.version;
  }).immediate();
}

/** Paragraph texts (normalised) the last update realigned, per side; empty when the pair was never updated. */
export function changedParagraphs(db: Db, pairId: number): { en: Set<string>; ko: Set<string> } {
  const row = stmt<[number], { changed_paragraphs: string | null }>(db, 'SELECT changed_paragraphs FROM pairs WHERE id = ?').get(pairId);
  const parsed = row?.changed_paragraphs ? JSON.parse(row.changed_paragraphs) as { en: string[]; ko: string[] } : { en: [], ko: [] };
  return { en: new Set(parsed.en), ko: new Set(parsed.ko) };
}

export interface ArticleVersion {
  id: number;
  lang: Lang;
  title: string | null;
  paragraphs: { kind: string; text: string }[];
  replacedBy: string;
  replacedAt: string;
}

/** Earlier versions of a pair's articles, newest first. */
export function listArticleVersions(db: Db, pairId: number): ArticleVersion[] {
  return stmt<[number], { id: number; lang: Lang; meta: string; paragraphs: string; replaced_by: string; replaced_at: string }>(db,
    'SELECT id, lang, meta, paragraphs, replaced_by, replaced_at FROM article_versions WHERE pair_id = ? ORDER BY id DESC').all(pairId)
    .map((r) => ({
      id: r.id, lang: r.lang, title: (JSON.parse(r.meta) as { title: string | null }).title,
      paragraphs: (JSON.parse(r.paragraphs) as { kind: string; text: string }[]).map((p) => ({ kind: p.kind, text: p.text })),
      replacedBy: r.replaced_by, replacedAt: r.replaced_at,
    }));
}
