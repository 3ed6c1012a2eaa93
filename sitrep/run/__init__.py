"""Running the pipeline: the orchestration that ties the stages together.

    read_inputs (inputs.py) -> ingest() (ingest.py: skip known, extract, store, merge; failures recorded)

- `parallel.py`: extraction in N worker processes, the model loaded once per worker;
  `dask_runner.py`: the same on a Dask cluster;
- `watch.py`: the loop that polls feeds and hands new items to a sink (`sinks.py`);
- `progress.py`: the run summary and progress bar.

Arrows point one way: ingest, geo -> extract -> merge -> store <- run <- cli/api.
"""
