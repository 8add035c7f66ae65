using System.Globalization;

namespace Growbin.VisionAnalyzer.Tests.Support;

/// <summary>Reads one sample out of Prometheus' text format.</summary>
public static class PrometheusText
{
    /// <returns>The sample's value, or 0 when no series of <paramref name="name"/> has all the labels.</returns>
    public static double Value(string exposition, string name, params (string Label, string Value)[] labels)
    {
        foreach (var line in exposition.Split('\n'))
        {
            if (!line.StartsWith(name + "{", StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var labelText = line[(name.Length + 1)..close];
            if (labels.All(l => labelText.Contains($"{l.Label}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                return double.Parse(line[(close + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
