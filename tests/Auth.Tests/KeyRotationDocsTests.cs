using System.Globalization;
using System.Text.RegularExpressions;
using Growbin.Auth.Apis;
using Growbin.ServiceDefaults.Authentication;

namespace Growbin.Auth.Tests;

/// <summary>
/// Issue 17, item 8: the key-rotation procedure in services/auth/README.md and k8s/README.md states the intervals
/// the code really uses, and the waits they add up to. Change a default and these fail until the docs follow.
/// </summary>
public sealed partial class KeyRotationDocsTests
{
    private static readonly AuthOptions Auth = new();
    private static readonly JwtValidationOptions Jwt = new();

    /// <summary>Step 1: every auth replica has read the new key, then every app has fetched it.</summary>
    private static TimeSpan PublishWait => Auth.SigningKeysRefresh + Jwt.JwksRefresh;

    /// <summary>Step 3: the last replica stops signing with the old key, then its last token expires (skew included).</summary>
    private static TimeSpan RetireWait =>
        TimeSpan.FromMinutes(Math.Ceiling((Auth.SigningKeysRefresh + Auth.AccessTokenLifetime + Jwt.ClockSkew).TotalMinutes));

    [Fact]
    public void The_auth_readme_table_gives_the_defaults_in_code()
    {
        var readme = Doc("services", "auth", "README.md");

        foreach (var (setting, value) in new (string, TimeSpan)[]
        {
            ("`Auth:SigningKeysRefresh`", Auth.SigningKeysRefresh),
            ("`Authentication:Jwt:JwksRefresh`", Jwt.JwksRefresh),
            ("`Authentication:Jwt:JwksMinRefreshInterval`", Jwt.JwksMinRefreshInterval),
            ("`AuthApi.JwksMaxAge`", AuthApi.JwksMaxAge),
            ("`Auth:AccessTokenLifetime`", Auth.AccessTokenLifetime),
            ("`Authentication:Jwt:ClockSkew`", Jwt.ClockSkew),
        })
        {
            readme.Should().Contain($"| {setting} | {Format(value)} |");
        }
    }

    [Theory]
    [InlineData("services", "auth", "README.md")]
    [InlineData("k8s", "README.md")]
    public void Each_rotation_procedure_gives_the_waits_the_intervals_add_up_to(params string[] path)
    {
        var doc = Doc(path);

        doc.Should().ContainEquivalentOf($"wait at least {Format(PublishWait)}");
        doc.Should().Contain($"no sooner than {Format(RetireWait)}");
    }

    [Fact]
    public void The_steps_and_the_leaked_key_case_name_the_intervals_they_depend_on()
    {
        var readme = Doc("services", "auth", "README.md");

        readme.Should().Contain($"switches at its next read (within {Format(Auth.SigningKeysRefresh)})");
        readme.Should().Contain($"keeps signing with it for up to {Format(Auth.SigningKeysRefresh)}");
        readme.Should().Contain($"until their next JWKS fetch (up to {Format(Jwt.JwksRefresh)})");
        readme.Should().Contain($"stays accepted from its cache until it expires (up to {Format(Auth.AccessTokenLifetime)})");
    }

    [Fact]
    public void The_jwks_cache_figures_elsewhere_in_the_docs_match_the_code()
    {
        var readme = Doc("README.md");
        var auth = Doc("services", "auth", "README.md");
        var maxAge = $"max-age={(int)AuthApi.JwksMaxAge.TotalSeconds}";

        auth.Should().Contain(maxAge);
        readme.Should().Contain(maxAge);
        readme.Should().Contain($"kept {Format(Jwt.JwksRefresh)}, fetched again when a token names an unknown `kid` (at most every {Format(Jwt.JwksMinRefreshInterval)})");
        auth.Should().Contain($"every `Auth:SigningKeysRefresh` (default {Format(Auth.SigningKeysRefresh)})");
    }

    // Docs wrap lines anywhere; compare with every run of whitespace as one space.
    private static string Doc(params string[] path) => Whitespace().Replace(Repository.Read(path), " ");

    private static string Format(TimeSpan value) => value switch
    {
        { TotalDays: >= 1 } when value.TotalDays % 1 == 0 => $"{value.TotalDays.ToString(CultureInfo.InvariantCulture)} days",
        { TotalMinutes: >= 1 } when value.TotalMinutes % 1 == 0 => $"{value.TotalMinutes.ToString(CultureInfo.InvariantCulture)} min",
        _ => $"{value.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s",
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
