"""The workshop dashboard: two governance arrangements side by side in the browser, on the same seed.

    catalogue.py the scenarios on offer: the shipped ones and files named at launch, by identifier
    communities.py a subdistrict's communities on offer, each as it runs inside its subdistrict
    levers.py    what a workshop sets per arm: scenario, key levers, seed, reform week
    paired.py    the paired Mesa model: two communities stepped together
    geometry.py  the community map's layout and what each building shows
    canvas.py    the map and outcome figures (matplotlib Agg, blitted)
    tables.py    the table of current values
    frames.py    one week's maps, plots and table for both arms
    session.py   one browser session's settings and its pair
    controls.py  one arm's controls: scenario and community menus, key levers; checked inputs
    page.py      the Solara components (the page itself)
    launch.py    `commgov dashboard`: starts the Solara server, offline
    guard.py     the server process: Solara behind a check of Host and Origin
    assets/      served under /static/assets/: custom.css and the Chinese font (fonts/, OFL)

Nothing is imported here, so `commgov` loads neither Mesa nor Solara unless the dashboard runs.
"""
