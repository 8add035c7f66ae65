using Growbin.Knowledge;
using Growbin.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Growbin.WasteApi;

/// <summary>The dataset's categories, serialised once with an ETag (they change only with a deployment).</summary>
public sealed class WasteCategories(KnowledgeBase knowledge, IOptions<JsonOptions> json)
{
    public CacheableJson Response { get; } = CacheableJson.Create(
        knowledge.Categories.Select(c => new WasteCategory(c.Id, c.NameKo, c.NameEn, c.Where)).ToList(),
        json.Value.SerializerOptions,
        TimeSpan.FromHours(1));
}
