-- why: sections become paths ("경제 > 경제일반", issue 18) so every importer stores them alike and a filter matches a section and everything under it
-- Korean section lines were stored as the page printed them, levels divided by spaces ("정치 외교"); English ones keep their spaces.
UPDATE articles SET section = replace(trim(section), ' ', ' > ')
  WHERE lang = 'ko' AND section IS NOT NULL AND instr(section, '>') = 0 AND instr(trim(section), ' ') > 0;
-- Paths written with a bare ">" get the one spelling " > ".
UPDATE articles SET section = replace(replace(replace(section, ' > ', '>'), ' >', '>'), '> ', '>')
  WHERE section IS NOT NULL AND instr(section, '>') > 0;
UPDATE articles SET section = replace(section, '>', ' > ')
  WHERE section IS NOT NULL AND instr(section, '>') > 0;
UPDATE articles SET section = NULL WHERE trim(section) = '';
