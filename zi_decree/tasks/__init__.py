"""The tasks staff run, built on the flow: render a package, check, new, rollover, batch, plan workbooks."""
