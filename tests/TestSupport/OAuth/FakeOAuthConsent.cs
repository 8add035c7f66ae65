namespace Growbin.TestSupport.OAuth;

/// <summary>What the provider's redirect back to the app carries after the user agreed: the code and the state.</summary>
public sealed record FakeOAuthConsent(string Code, string State, string RedirectUri);
