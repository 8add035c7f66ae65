// The scheduler's metrics are process-wide (prometheus-net's default registry): tests read them as deltas, one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
