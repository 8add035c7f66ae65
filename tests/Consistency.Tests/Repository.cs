using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace Growbin.Consistency.Tests;

/// <summary>The checked-out repository the tests run from, and its YAML read as plain maps and lists.</summary>
internal static partial class Repository
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    public static Dictionary<object, object> ReadYaml(params string[] parts) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(Read(parts));

    /// <summary>Projects listed in Growbin.sln, as repository-relative paths with forward slashes.</summary>
    public static IReadOnlyList<string> SolutionProjects() =>
        SolutionProjectLine().Matches(Read("Growbin.sln")).Select(m => m.Groups["path"].Value.Replace('\\', '/')).ToList();

    /// <summary>The folder of each app: services/&lt;app-id&gt; or workflows/&lt;app-id&gt;.</summary>
    public static string AppDirectory(string appId) =>
        Directory.Exists(PathOf("workflows", appId)) ? $"workflows/{appId}" : $"services/{appId}";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Growbin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Growbin.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex SolutionProjectLine();
}
