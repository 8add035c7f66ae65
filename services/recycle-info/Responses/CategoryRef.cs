using Growbin.Knowledge;

namespace Growbin.RecycleInfo;

/// <summary>A category as other responses name it.</summary>
public sealed record CategoryRef(string Id, string NameKo, string NameEn)
{
    public static CategoryRef From(Category category) => new(category.Id, category.NameKo, category.NameEn);
}
