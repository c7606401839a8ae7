"""Extraction jobs: articles stored later, by workers on any machine (#24).

`records` is the database side (a job, its articles, what became of each), `work` what a
worker does with one article, `queue` how an article gets to a worker (a Dramatiq broker
when BROKER_URL is set, else this process's own extraction worker), `workers` the
`factsapi worker` processes.
"""
