using System.ClientModel;
using System.ClientModel.Primitives;
using Dapr;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace Growbin.Ai;

/// <summary>
/// The app's one <see cref="ChatClient"/> for the configured model: key from <c>OpenAI:ApiKey</c>, else from the Dapr
/// secret store; no SDK retries (the caller is the retry layer); the configured network timeout and endpoint. A client
/// built once is kept; while no key exists it is looked for again on every call, so adding the key needs no restart.
/// </summary>
public sealed class OpenAiChatClientSource(IOptions<OpenAiOptions> options, DaprClient dapr, ILogger<OpenAiChatClientSource> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChatClient? _client;

    public string Model => options.Value.Model;

    /// <summary>
    /// The client, or null when no key is configured and the secret store has none (the AI is unavailable, not
    /// broken). A failing sidecar throws.
    /// </summary>
    public async Task<ChatClient?> GetClientAsync(CancellationToken cancellationToken)
    {
        if (_client is not null)
        {
            return _client;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var value = options.Value;
            var key = value.HasApiKey ? value.ApiKey : await ReadSecretKeyAsync(cancellationToken);
            return _client ??= string.IsNullOrWhiteSpace(key) ? null : Create(value, key);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ChatClient Create(OpenAiOptions value, string key)
    {
        var clientOptions = new OpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = value.Timeout,
        };
        if (value.Endpoint is { } endpoint)
        {
            clientOptions.Endpoint = endpoint;
        }

        return new ChatClient(value.Model, new ApiKeyCredential(key), clientOptions);
    }

    private async Task<string?> ReadSecretKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await dapr.GetSecretAsync(DaprComponents.SecretStore, OpenAiOptions.ApiKeySecretName, cancellationToken: cancellationToken);
            return secret.GetValueOrDefault(OpenAiOptions.ApiKeySecretName);
        }
        catch (DaprException ex) when (ex.InnerException?.Message.Contains("not found", StringComparison.OrdinalIgnoreCase) == true)
        {
            logger.LogWarning("The secret store has no {Secret}; AI calls are unavailable until it does.", OpenAiOptions.ApiKeySecretName);
            return null;
        }
    }
}
