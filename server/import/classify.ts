/** Page furniture dropped wherever it appears (copyright, "send us comments", link buttons). */
const FURNITURE: readonly RegExp[] = [
  /^Please direct (?:any )?(?:comments|questions)\b/i,
  /^button that move to original korean article\b/i,
  /^\[?[\w.+-]+@hani\.co\.kr\]?$/i,
  /^(?:ⓒ|©|Copyright\b)/i,
  /^무단 ?전재/,
  /^(?:Share|Print|Tweet|Email|Facebook|Twitter)$/i,
  /^(?:공유하기|페이스북|트위터|인쇄|스크랩|글씨 ?크기 ?조절)$/,
];

/** Headings of link lists at the foot of a page: everything from here on is dropped. */
const TAIL: readonly RegExp[] = [
  /^(?:Related stories|Related articles|Most viewed articles|Most popular(?: articles)?|Latest news|Editorial ?[·•] ?opinion)$/i,
  /^(?:관련기사|관련 기사|많이 본 기사|가장 많이 본 기사|오늘의 추천 기사|이슈)$/,
];

export function isFurniture(line: string): boolean {
  return FURNITURE.some((re) => re.test(line));
}

export function isTailMarker(line: string): boolean {
  return TAIL.some((re) => re.test(line));
}

/** Ends like a sentence: terminal punctuation, possibly inside closing quotes or brackets. */
export function endsLikeSentence(line: string): boolean {
  return /[.!?…。:;,][”’"'»)\]}]*$/.test(line) || /[”’"»]$/.test(line);
}

// Korean desks mark in-body subheads with a leading symbol: ■ 비건 …, ▶ …, ◆ ….
const SUBHEAD_MARK = /^[■□▶▷◆◇●○◎▲△▣◈]/;

/**
 * A line inside the body that reads as a subhead: a marked line, or a short line of several words
 * that does not end like a sentence. Korean body sentences end in 다. or a quote, so the same rule
 * serves both languages.
 */
export function isSubheadLine(line: string): boolean {
  if (SUBHEAD_MARK.test(line)) return line.length <= 200;
  if (line.length > 150 || endsLikeSentence(line)) return false;
  return line.split(' ').length >= 2;
}

// Photo credits that end a caption: "청와대 제공", "김봉규 선임기자", "연합뉴스", "(Yonhap News)".
const CAPTION_END: readonly RegExp[] = [
  /(?:제공|기자|연합뉴스|뉴시스|뉴스1|AFP|AP|EPA|UPI|로이터|신화|교도|자료사진|갈무리|누리집|사진)\)?$/u,
  /\((?:photo|provided|courtesy)\b[^)]*\)$/i,
  /(?:Yonhap(?: News)?|Reuters|AFP|AP|EPA|Xinhua|Kyodo|Getty Images)\)?\.?$/,
];

/** A header line after the date line that is a photo caption rather than a subtitle. */
export function looksLikeCaption(line: string): boolean {
  return /[.。]$/.test(line) || CAPTION_END.some((re) => re.test(line));
}
