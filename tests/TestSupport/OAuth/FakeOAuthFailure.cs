namespace Growbin.TestSupport.OAuth;

/// <summary>A scripted misbehaviour of a provider's next token or profile answer.</summary>
public enum FakeOAuthFailure
{
    /// <summary>The token endpoint answers 500 with an HTML error page.</summary>
    TokenServerError,

    /// <summary>The token endpoint refuses the code the way the provider does for an expired or used one.</summary>
    TokenInvalidGrant,

    /// <summary>The token endpoint answers 200 with a cut-off JSON body.</summary>
    TokenMalformedJson,

    /// <summary>The profile endpoint answers 500 with an HTML error page.</summary>
    ProfileServerError,

    /// <summary>The profile endpoint answers 200 with a cut-off JSON body.</summary>
    ProfileMalformedJson,

    /// <summary>The profile endpoint answers 200 with a well-formed profile that lacks the account id.</summary>
    ProfileWithoutId,
}
