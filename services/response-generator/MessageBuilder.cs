namespace Growbin.ResponseGenerator;

/// <summary>An answer's text: blocks separated by a blank line, lines within a block by a newline.</summary>
internal sealed class MessageBuilder
{
    private readonly List<string> _blocks = [];

    public void Block(params IEnumerable<string> lines)
    {
        var text = string.Join('\n', lines.Where(l => l.Length > 0));
        if (text.Length > 0)
        {
            _blocks.Add(text);
        }
    }

    public void Numbered(string heading, IReadOnlyList<string> items)
    {
        if (items.Count > 0)
        {
            Block([heading, .. items.Select((item, i) => $"{i + 1}. {item}")]);
        }
    }

    public void Bulleted(string heading, IReadOnlyList<string> items)
    {
        if (items.Count > 0)
        {
            Block([heading, .. items.Select(item => "- " + item)]);
        }
    }

    public override string ToString() => string.Join("\n\n", _blocks);
}
