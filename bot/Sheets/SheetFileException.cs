namespace OkrBot.Bot.Sheets;

/// <summary>A file that cannot be read as a sheet (or written), with a sentence for the person who gave it.</summary>
public sealed class SheetFileException(string message) : Exception(message);
