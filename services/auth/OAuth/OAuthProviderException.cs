namespace Growbin.Auth.OAuth;

/// <summary>
/// A provider round trip that did not yield a profile. <see cref="CodeRejected"/> when the provider refused the code
/// itself (expired, used, unknown): the client's fault, not the provider's. The message is safe to show to a client.
/// </summary>
public sealed class OAuthProviderException(string message, bool codeRejected = false, Exception? inner = null)
    : Exception(message, inner)
{
    public bool CodeRejected { get; } = codeRejected;
}
