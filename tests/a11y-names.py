#!/usr/bin/env python3
"""Lists the controls of the running app that a screen reader would announce
without a proper name (empty, a GTK type name, or a doubled mnemonic such as
"_Train Train"), through the real AT-SPI tree.  Not a meson test (it needs
the AT-SPI bus); run it as a user would:

  ../shared/tools/atspi/run-under-a11y.sh tests/a11y-names.py build/src/app/mlplab
"""
import re
import sys

sys.path.insert(0, '../shared/tools/atspi')
from a11y import app_named, walk  # noqa: E402

app = app_named('mlplab') or app_named('MLP Lab')
if app is None:
    print('a11y-names: the app was not found on the accessibility bus')
    sys.exit(2)
roles = {'push button', 'toggle button', 'check box', 'spin button', 'combo box', 'slider', 'text',
         'image', 'menu button', 'entry', 'radio button'}
bad = []
total = 0
for node in walk(app):
    if node.getRoleName() not in roles:
        continue
    total += 1
    name = (node.name or '').strip()
    half = name[:len(name) // 2].strip()
    doubled = '_' in half and half.replace('_', '') == name[len(name) // 2:].strip()
    if not name or re.match(r'(Gtk|Mlp)[A-Z]', name) or doubled:
        bad.append(f'{node.getRoleName()} {name!r}')
print(f'a11y-names: {total} controls, {len(bad)} without a proper name')
for b in bad:
    print('  ' + b)
sys.exit(1 if bad else 0)
