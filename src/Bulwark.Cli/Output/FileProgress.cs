using Spectre.Console;

namespace Bulwark.Cli.Output;

/// <summary>
/// The progress bar every file-by-file gate draws on stderr: indeterminate while files are listed, then one
/// step per file. Drawn only on a terminal, in table format, outside CI (<see cref="Terminal.ShowProgress"/>).
/// </summary>
internal static class FileProgress
{
    /// <summary>
    /// Runs <paramref name="run"/> with a bar, or without one (the bar argument is then null). The callbacks
    /// the gate's service needs come from <see cref="Listed"/> and <see cref="Done"/>.
    /// </summary>
    public static T Run<T>(bool show, string listing, Func<ProgressTask?, T> run)
    {
        if (!show)
        {
            return run(null);
        }
        T result = default!;
        Terminal.ErrorConsole().Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(listing, maxValue: 1);
                task.IsIndeterminate = true;
                result = run(task);
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>The callback for "the files are listed": the bar gets its total and a description.</summary>
    public static Action<int>? Listed(ProgressTask? task, Func<int, string> description) =>
        task is null ? null : count =>
        {
            task.Description = description(count);
            task.MaxValue = Math.Max(1, count);
            task.IsIndeterminate = false;
        };

    /// <summary>The callback for "one file is done".</summary>
    public static Action? Done(ProgressTask? task) => task is null ? null : () => task.Increment(1);
}
