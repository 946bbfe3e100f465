"""A reader of the OPUS XCES layout, written from the format as OPUS distributes it (not from jjak's
code): a zip holding a cesAlign file and gzipped sentence files it names. For every <linkGrp> it
opens fromDoc and toDoc inside the zip (gunzipping .gz members), indexes every <s id>, and resolves
each <link xtargets="src ids;trg ids">. Prints JSON: the groups, links, and the joined texts.
Usage: python3 opus_read.py ARCHIVE.zip [ALIGN_FILE]"""
import gzip
import json
import sys
import xml.etree.ElementTree as ET
import zipfile


def sentences(archive, name):
    data = archive.read(name)
    if name.endswith('.gz'):
        data = gzip.decompress(data)
    root = ET.fromstring(data)
    return {s.get('id'): ''.join(s.itertext()) for s in root.iter('s')}


def main():
    archive = zipfile.ZipFile(sys.argv[1])
    names = archive.namelist()
    align_name = sys.argv[2] if len(sys.argv) > 2 else next(n for n in names if not n.endswith('.gz'))
    root = ET.fromstring(archive.read(align_name))
    assert root.tag == 'cesAlign', root.tag
    groups = []
    for grp in root.iter('linkGrp'):
        src = sentences(archive, grp.get('fromDoc'))
        trg = sentences(archive, grp.get('toDoc'))
        links = []
        for link in grp.iter('link'):
            left, right = link.get('xtargets').split(';')
            links.append({
                'src': ' '.join(src[i] for i in left.split()),
                'trg': ' '.join(trg[i] for i in right.split()),
                'certainty': link.get('certainty'),
            })
        groups.append({'fromDoc': grp.get('fromDoc'), 'toDoc': grp.get('toDoc'), 'links': links})
    print(json.dumps({'members': sorted(names), 'groups': groups}, ensure_ascii=False))


main()
