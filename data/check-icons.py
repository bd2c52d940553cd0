#!/usr/bin/python3
# Checks the application icons: well-formed SVG, the canvas sizes the icon theme expects (128 px for
# the full-colour icon, 16 px for the symbolic one), and a symbolic icon in the single colour #2e3436
# that GTK recolours to the theme's foreground.
#   check-icons.py APP_ID SCALABLE.svg SYMBOLIC.svg
import os
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
COLOUR_ATTRS = ('fill', 'stroke', 'stop-color', 'color', 'flood-color', 'lighting-color')


def colours(root):
    found = set()
    for el in root.iter():
        style = dict(
            (k.strip(), v.strip())
            for k, v in (p.split(':', 1) for p in el.get('style', '').split(';') if ':' in p)
        )
        for attr in COLOUR_ATTRS:
            for value in (el.get(attr), style.get(attr)):
                if value is not None and value.lower() not in ('none', 'currentcolor', 'inherit'):
                    found.add(value.lower())
    return found


def check(path, expected_name, size, errors):
    if os.path.basename(path) != expected_name:
        errors.append(f'{path}: the icon theme looks it up as {expected_name}')
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        errors.append(f'{path}: not well-formed XML: {e}')
        return None
    if root.tag != SVG + 'svg':
        errors.append(f'{path}: the root element is {root.tag}, not an SVG <svg>')
        return None
    viewbox = re.split(r'[\s,]+', root.get('viewBox', '').strip())
    if viewbox != ['0', '0', str(size), str(size)]:
        errors.append(f'{path}: viewBox is {root.get("viewBox")!r}, expected "0 0 {size} {size}"')
    for attr in ('width', 'height'):
        if root.get(attr) not in (None, str(size), f'{size}px'):
            errors.append(f'{path}: {attr} is {root.get(attr)!r}, expected {size}')
    # Raster images or external references break in the icon cache and in Flatpak exports.
    for el in root.iter():
        for k, v in el.attrib.items():
            if k.endswith('href') and not v.startswith('#'):
                errors.append(f'{path}: refers to an external resource {v!r}')
    return root


def main():
    app_id, scalable, symbolic = sys.argv[1:4]
    errors = []

    root = check(scalable, f'{app_id}.svg', 128, errors)
    if root is not None and len(colours(root)) < 2:
        errors.append(f'{scalable}: a full-colour icon with fewer than two colours')

    root = check(symbolic, f'{app_id}-symbolic.svg', 16, errors)
    if root is not None:
        used = colours(root)
        if used != {'#2e3436'}:
            errors.append(f'{symbolic}: uses colours {sorted(used)}; a symbolic icon uses only #2e3436')

    for e in errors:
        print(f'FAIL: {e}', file=sys.stderr)
    if not errors:
        print('icons: OK')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
