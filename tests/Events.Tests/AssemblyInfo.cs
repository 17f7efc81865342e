// The delivery tests start several processes each and measure retry timing: run them one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
