using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Growbin.WasteApi;

/// <summary>
/// Reads the analyze request's multipart body as it arrives, into memory only, with each limit applied while reading:
/// the whole body at most <see cref="WasteApiOptions.MaxRequestBytes"/> (Kestrel refuses a longer Content-Length
/// before reading, and stops a chunked body at the limit), the photo at most <see cref="WasteApiOptions.MaxImageBytes"/>
/// (reading stops at the first byte over), the question at most three bytes a character, and a few parts. ASP.NET's
/// form reader instead spools every file part over 64 KiB to a temporary file, and its size is checked after.
/// </summary>
public static class ScanUploadReader
{
    private const string ImageField = "image";
    private const string QuestionField = "question";
    private const string RegionField = "region";
    private const int MaxParts = 8;
    private const int MaxBoundaryLength = 128; // FormOptions.MultipartBoundaryLengthLimit's default
    private const int ChunkSize = 64 * 1024;

    public static async Task<ScanUpload> ReadAsync(HttpRequest request, WasteApiOptions limits, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= MaxBoundaryLength } boundary)
        {
            return new ScanUpload(TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the photo as multipart/form-data",
                detail: "POST multipart/form-data with the photo in a field named 'image' (and optionally 'question')."));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxRequestBytes;
        }

        try
        {
            return await ReadPartsAsync(new MultipartReader(boundary, request.Body), limits, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new ScanUpload(TooLarge(limits));
        }
        catch (BadHttpRequestException)
        {
            throw; // Kestrel's own verdict (408 too slow, 400 cut short): the exception handler answers it
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return new ScanUpload(TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "The multipart body could not be read",
                detail: $"The body is not well-formed multipart/form-data with at most {MaxParts} parts."));
        }
    }

    private static async Task<ScanUpload> ReadPartsAsync(MultipartReader reader, WasteApiOptions limits, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte>? image = null;
        string? otherFileField = null;
        string? question = null;
        string? region = null;
        var parts = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (++parts > MaxParts)
            {
                throw new InvalidDataException($"More than {MaxParts} parts.");
            }

            var disposition = section.GetContentDispositionHeader();
            var name = HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value;
            var isFile = disposition?.IsFileDisposition() == true;
            if (isFile && name == ImageField && image is null)
            {
                var (photo, tooLarge) = await ReadAtMostAsync(section.Body, limits.MaxImageBytes, cancellationToken);
                if (tooLarge)
                {
                    return new ScanUpload(TooLarge(limits));
                }

                image = photo;
            }
            else if (!isFile && name == QuestionField && question is null)
            {
                question = await ReadTextAsync(section.Body, limits.MaxQuestionLength, cancellationToken);
            }
            else if (!isFile && name == RegionField && region is null)
            {
                region = await ReadTextAsync(section.Body, WasteApiOptions.MaxRegionLength, cancellationToken);
            }
            else
            {
                otherFileField ??= isFile && name != ImageField ? name : null;
                await section.Body.CopyToAsync(Stream.Null, cancellationToken); // counted by Kestrel's body limit
            }
        }

        return new ScanUpload(null, image, otherFileField, question ?? "", region);
    }

    /// <summary>
    /// A text field of at most <paramref name="maxLength"/> characters. A character is at most three UTF-8 bytes, so
    /// more bytes than that is too long whatever they say; what was read still decodes to more characters than the
    /// limit, and the handler refuses it.
    /// </summary>
    private static async Task<string> ReadTextAsync(Stream body, int maxLength, CancellationToken cancellationToken)
    {
        var (text, _) = await ReadAtMostAsync(body, (3L * maxLength) + 1, cancellationToken, keepPrefix: true);
        return Encoding.UTF8.GetString(text.Span);
    }

    /// <summary>
    /// Reads <paramref name="body"/> to its end if it holds at most <paramref name="max"/> bytes. Past that it stops:
    /// too large, with nothing (or, with <paramref name="keepPrefix"/>, the first <paramref name="max"/> bytes).
    /// </summary>
    private static async Task<(ReadOnlyMemory<byte> Data, bool TooLarge)> ReadAtMostAsync(
        Stream body, long max, CancellationToken cancellationToken, bool keepPrefix = false)
    {
        using var data = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                if (data.Length + read > max)
                {
                    if (!keepPrefix)
                    {
                        return (ReadOnlyMemory<byte>.Empty, true);
                    }

                    data.Write(chunk, 0, (int)(max - data.Length));
                    return (data.ToArray(), true);
                }

                data.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (data.GetBuffer().AsMemory(0, (int)data.Length), false);
    }

    private static ProblemHttpResult TooLarge(WasteApiOptions limits) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        type: WasteApi.ImageTooLarge,
        title: "The photo is too large",
        detail: $"The photo may be at most {limits.MaxImageBytes:N0} bytes, and the whole request {limits.MaxRequestBytes:N0}.");
}
