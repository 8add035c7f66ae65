namespace Growbin.E2E.Tests;

/// <summary>What a dev login returned (<see cref="DevLogin.LoginAsync"/>).</summary>
internal sealed record DevSession(string Nickname, string UserId, string AccessToken, string RefreshToken, bool IsNewUser);
