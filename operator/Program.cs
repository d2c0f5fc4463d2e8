using MetricsOperator.Cli;

return await OperatorCommandLine.InvokeAsync(args).ConfigureAwait(false);
