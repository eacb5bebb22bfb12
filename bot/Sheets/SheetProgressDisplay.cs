using System.Diagnostics;
using System.Globalization;
using OkrBot.Core.Sheets;

namespace OkrBot.Bot.Sheets;

/// <summary>
/// How far a long import is, on stderr. On a terminal: one bar redrawn in place, at most ten times a second. Anywhere else
/// (a log, a pipe, CI): plain lines, one per tenth of a large sheet, and a last line per stage, since a bar's carriage
/// returns turn a log into one unreadable line.
/// </summary>
public sealed class SheetProgressDisplay(TextWriter error, bool isTerminal) : IProgress<SheetProgress>
{
    /// <summary>Below this many rows a log gets only each stage's last line.</summary>
    public const int LinesFromRows = 1_000;

    private const int BarWidth = 30;
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);

    private readonly Stopwatch _sinceDrawn = Stopwatch.StartNew();
    private SheetStage? _stage;
    private int _lastTenth;
    private bool _barOpen;

    public void Report(SheetProgress value)
    {
        var newStage = _stage != value.Stage;
        if (newStage)
        {
            FinishBar();
            (_stage, _lastTenth) = (value.Stage, 0);
        }
        var finished = value.Done >= value.Total;
        if (isTerminal)
        {
            if (!newStage && !finished && _sinceDrawn.Elapsed < RedrawEvery) return;
            error.Write("\r" + Bar(value));
            _barOpen = true;
            _sinceDrawn.Restart();
            if (finished) FinishBar();
            return;
        }
        var tenth = value.Total == 0 ? 10 : (int)(10L * value.Done / value.Total);
        if (finished ? _lastTenth == 10 : value.Total < LinesFromRows || tenth <= _lastTenth) return;
        _lastTenth = tenth;
        error.WriteLine(Line(value));
    }

    /// <summary><c>Validating [###############...............]     512/1,024 rows  50%</c></summary>
    public static string Bar(SheetProgress value)
    {
        var fraction = value.Total == 0 ? 1.0 : Math.Clamp((double)value.Done / value.Total, 0, 1);
        var filled = (int)Math.Round(fraction * BarWidth);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Verb(value.Stage, done: false),-10} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {value.Done,7:N0}/{value.Total:N0} rows {(int)(fraction * 100),3}%");
    }

    /// <summary><c>Validated 512 of 1,024 rows</c></summary>
    public static string Line(SheetProgress value) => value.Done >= value.Total
        ? string.Create(CultureInfo.InvariantCulture, $"{Verb(value.Stage, done: true)} {value.Total:N0} rows")
        : string.Create(CultureInfo.InvariantCulture, $"{Verb(value.Stage, done: true)} {value.Done:N0} of {value.Total:N0} rows");

    private static string Verb(SheetStage stage, bool done) => (stage, done) switch
    {
        (SheetStage.Validating, false) => "Validating",
        (SheetStage.Validating, true) => "Validated",
        (_, false) => "Writing",
        _ => "Wrote",
    };

    private void FinishBar()
    {
        if (!_barOpen) return;
        error.WriteLine();
        _barOpen = false;
    }
}
