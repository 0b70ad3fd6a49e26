"""The workspace in the browser (`zi-decree serve`): a local web application over a folder of specs and packages.

It is a thin layer over the tasks, as the command line is: `workspace` finds and checks the folder's decrees,
`security` guards every request, `app` answers them, `server` starts it. Starlette, Jinja2 and uvicorn are
imported only here, so that the command line starts without them.
"""
