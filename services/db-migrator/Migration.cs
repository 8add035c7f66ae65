using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Growbin.DbMigrator;

/// <summary>
/// One versioned SQL file, <c>NNNN_name.sql</c>. Applied migrations are immutable: the checksum recorded when one ran
/// must match the file forever after; a change goes into a new file.
/// </summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    public static IReadOnlyList<Migration> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Migrations directory '{directory}' does not exist.");
        }

        var migrations = Directory.EnumerateFiles(directory, "*.sql")
            .Select(path => Parse(Path.GetFileName(path), File.ReadAllText(path)))
            .OrderBy(m => m.Version)
            .ToList();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Migration version {duplicate.Key} is used by more than one file: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return migrations;
    }

    public static Migration Parse(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new FormatException($"Migration file '{fileName}' must be named NNNN_description.sql (e.g. 0001_growbin_schema.sql).");
        }

        return new Migration(int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["name"].Value, sql);
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
