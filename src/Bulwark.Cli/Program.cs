using Bulwark.Cli;

return await BulwarkCommandLine.RunAsync(args, Console.Out, Console.Error);
