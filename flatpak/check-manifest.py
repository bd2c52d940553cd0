#!/usr/bin/python3
# Checks the Flatpak manifest against the meson project it builds. The manifest cannot be built here
# (no GNOME runtime offline), so this catches what would otherwise only fail on a build machine:
# a wrong app ID, a command the project does not install, a dependency that the GNOME runtime lacks
# and no module provides, or a module that is not pinned to a checksum.
#   check-manifest.py MANIFEST APP_ID SOURCE_ROOT
import json
import os
import re
import sys

# pkg-config names the org.gnome.Platform runtime (GNOME 45 and later) ships; anything else that the
# meson build requires must come from a module in the manifest.
GNOME_RUNTIME_PROVIDES = {
    'cairo', 'gdk-pixbuf-2.0', 'gio-2.0', 'gio-unix-2.0', 'glib-2.0', 'gmodule-2.0', 'gobject-2.0',
    'graphene-1.0', 'gsettings-desktop-schemas', 'gtk4', 'json-glib-1.0', 'libadwaita-1',
    'libsecret-1', 'libsoup-3.0', 'libxml-2.0', 'pango', 'pangocairo', 'sqlite3', 'zlib',
}
# A dependency's pkg-config name -> the module name that provides it when it differs.
MODULE_FOR = {}

REQUIRED_FINISH_ARGS = {
    '--share=network',      # talking to the sync server
    '--share=ipc',          # X11 shared memory
    '--socket=fallback-x11',
    '--socket=wayland',
    '--device=dri',
    '--talk-name=org.freedesktop.secrets',  # the session token lives in the keyring
}
# The client holds personal financial data: no blanket access to the user's files. Documents go
# through the file chooser portal instead.
FORBIDDEN_FINISH_ARGS = re.compile(r'^--filesystem=(host|home|host-os|host-etc)(:.*)?$|^--socket=x11$')


def meson_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith('.') and d not in ('build', '_build', 'subprojects'))
        if 'meson.build' in filenames:
            yield os.path.join(dirpath, 'meson.build')


def calls(text, function):
    """Yield the argument text of each call `function(...)`, with nested parentheses balanced."""
    for m in re.finditer(r'(?<![A-Za-z0-9_.])' + re.escape(function) + r'\s*\(', text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            if text[i] == '(':
                depth += 1
            elif text[i] == ')':
                depth -= 1
            i += 1
        yield text[m.end():i - 1]


def strip_comments(text):
    return re.sub(r"#[^\n']*$", '', text, flags=re.M)


def meson_dependencies(root):
    """Required pkg-config dependencies of the build: {name: file}."""
    deps = {}
    for path in meson_files(root):
        text = strip_comments(open(path, encoding='utf-8').read())
        for args in calls(text, 'dependency'):
            m = re.match(r"\s*'([^']+)'", args)
            if not m or re.search(r'required\s*:\s*false', args):
                continue
            deps.setdefault(m.group(1), os.path.relpath(path, root))
    return deps


def installed_executables(root):
    names = set()
    for path in meson_files(root):
        text = strip_comments(open(path, encoding='utf-8').read())
        for args in calls(text, 'executable'):
            m = re.match(r"\s*'([^']+)'", args)
            if m and re.search(r'install\s*:\s*true', args):
                names.add(m.group(1))
    return names


def main():
    manifest_path, app_id, root = sys.argv[1:4]
    with open(manifest_path, encoding='utf-8') as f:
        manifest = json.load(f)
    errors = []

    manifest_id = manifest.get('id', manifest.get('app-id'))
    if manifest_id != app_id:
        errors.append(f'app-id is {manifest_id!r}, the project\'s app_id is {app_id!r}')
    if os.path.basename(manifest_path) != f'{app_id}.json':
        errors.append(f'the manifest file should be named {app_id}.json')
    if manifest.get('runtime') != 'org.gnome.Platform' or manifest.get('sdk') != 'org.gnome.Sdk':
        errors.append('runtime/sdk must be org.gnome.Platform/org.gnome.Sdk')
    if not re.fullmatch(r'\d+', str(manifest.get('runtime-version', ''))):
        errors.append(f'runtime-version {manifest.get("runtime-version")!r} is not a stable GNOME release '
                      '(a number such as "50"; "master" is the unstable nightly)')

    command = manifest.get('command')
    executables = installed_executables(root)
    if command not in executables:
        errors.append(f'command {command!r} is not an executable the meson build installs '
                      f'(installed: {sorted(executables)})')

    finish_args = manifest.get('finish-args', [])
    for arg in sorted(REQUIRED_FINISH_ARGS - set(finish_args)):
        errors.append(f'finish-args lacks {arg}')
    for arg in finish_args:
        if FORBIDDEN_FINISH_ARGS.match(arg):
            errors.append(f'finish-args grants {arg}: too broad for an app holding personal data')
    if len(set(finish_args)) != len(finish_args):
        errors.append('finish-args lists an argument twice')

    modules = manifest.get('modules', [])
    if not modules or not all(isinstance(m, dict) for m in modules):
        errors.append('modules must be a non-empty list of inline module objects')
        return report(errors)
    names = [m.get('name') for m in modules]
    if len(set(names)) != len(names):
        errors.append(f'module names are not unique: {names}')

    last = modules[-1]
    if last.get('name') != 'draagkracht':
        errors.append(f'the last module is {last.get("name")!r}; draagkracht must be built last, '
                      'after the libraries it links')
    if last.get('buildsystem') != 'meson':
        errors.append(f'the draagkracht module uses buildsystem {last.get("buildsystem")!r}, not meson')
    dir_sources = [s for s in last.get('sources', []) if s.get('type') == 'dir']
    if len(dir_sources) != 1:
        errors.append('the draagkracht module must have exactly one source of type "dir"')
    else:
        source_dir = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(manifest_path)),
                                                   dir_sources[0].get('path', '')))
        top = os.path.join(source_dir, 'meson.build')
        if not os.path.isfile(top) or "project('draagkracht'" not in open(top, encoding='utf-8').read():
            errors.append(f'the draagkracht source dir {dir_sources[0].get("path")!r} is not the project root')

    # Everything the build needs must be in the runtime or come from an earlier module.
    provided = set(names[:-1])
    for dep, where in sorted(meson_dependencies(root).items()):
        if dep in GNOME_RUNTIME_PROVIDES:
            continue
        module = MODULE_FOR.get(dep, dep)
        if module not in provided:
            errors.append(f'{where} requires {dep!r}, which the GNOME runtime lacks, and no module '
                          f'named {module!r} builds it')

    # Third-party sources are pinned, so a rebuild gets the same code or fails loudly.
    for m in modules[:-1]:
        for s in m.get('sources', []):
            kind = s.get('type')
            if kind in ('archive', 'file') and not re.fullmatch(r'[0-9a-f]{64}', s.get('sha256', '')):
                errors.append(f'module {m.get("name")!r}: {kind} source {s.get("url")} has no sha256')
            elif kind == 'git' and not s.get('commit'):
                errors.append(f'module {m.get("name")!r}: git source {s.get("url")} is not pinned to a commit')
            elif kind in ('archive', 'file', 'git') and not str(s.get('url', '')).startswith('https://'):
                errors.append(f'module {m.get("name")!r}: source {s.get("url")} is not fetched over https')

    # flatpak-builder exports only files named after the app ID.
    data = os.path.join(root, 'data')
    for rel in (f'{app_id}.desktop.in', f'{app_id}.metainfo.xml.in', f'{app_id}.gschema.xml',
                f'icons/hicolor/scalable/apps/{app_id}.svg',
                f'icons/hicolor/symbolic/apps/{app_id}-symbolic.svg'):
        if not os.path.isfile(os.path.join(data, rel)):
            errors.append(f'data/{rel} is missing; Flatpak exports only files named after the app ID')

    return report(errors)


def report(errors):
    for e in errors:
        print(f'FAIL: {e}', file=sys.stderr)
    if not errors:
        print('flatpak manifest: OK')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
