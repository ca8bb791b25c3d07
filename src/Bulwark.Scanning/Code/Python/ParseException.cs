namespace Bulwark.Scanning.Code.Python;

/// <summary>Thrown inside the parser to abandon one statement; caught at the statement loop, which records it and resumes.</summary>
internal sealed class ParseException(int offset, string message) : Exception(message)
{
    public int Offset { get; } = offset;
}
