-- why: confirm now reaches the sentence links of a row, and a pair is reviewed only when every paragraph and sentence link is confirmed (issue 16). Rows confirmed before this left their sentence links automatic, so "reviewed" pairs gave nothing to the default (confirmed, sentence-level) export. Carry each confirmed row's confirmation (who, when) to its automatic sentence links; rejected ones stay rejected. A sentence link belongs to the row holding the paragraph of its first sentence (English if it has one, else Korean).
UPDATE beads AS s
SET status = 'confirmed', confirmed_by = r.confirmed_by, confirmed_at = r.confirmed_at
FROM pairs AS pr, sentences AS st, paragraphs AS pg, beads AS r
-- driven from the pairs that have a confirmed row (few), not from every automatic sentence link of the corpus
WHERE s.pair_id IN (SELECT pair_id FROM beads WHERE level = 'paragraph' AND status = 'confirmed')
  AND +s.level = 'sentence' AND +s.status = 'auto'
  AND pr.id = s.pair_id
  AND st.article_id = CASE WHEN s.en_end > s.en_start THEN pr.en_article_id ELSE pr.ko_article_id END
  AND st.position = CASE WHEN s.en_end > s.en_start THEN s.en_start ELSE s.ko_start END
  AND pg.id = st.paragraph_id
  AND r.pair_id = s.pair_id AND r.level = 'paragraph' AND r.status = 'confirmed'
  AND CASE WHEN s.en_end > s.en_start THEN pg.position >= r.en_start AND pg.position < r.en_end
           ELSE pg.position >= r.ko_start AND pg.position < r.ko_end END;
-- a pair still holding a link that is not confirmed (a rejected one, or one in an unconfirmed row) is in review, not reviewed
UPDATE pairs SET status = 'in_review'
WHERE status = 'reviewed' AND EXISTS (SELECT 1 FROM beads b WHERE b.pair_id = pairs.id AND b.status <> 'confirmed');
