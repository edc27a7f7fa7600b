"""The app holding units, people, users' roles, data sets, reports and their audit."""
