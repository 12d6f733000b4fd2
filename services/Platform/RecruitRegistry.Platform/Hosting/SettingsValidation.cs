using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace RecruitRegistry.Platform.Hosting;

/// <summary>
/// How every settings class of the services is bound and checked: one section, a validator generated at compile time
/// from its data annotations (the options validation source generator, <see cref="OptionsValidatorAttribute"/>), and
/// the check run when the host starts, so a bad value stops the start with the setting's name instead of failing later.
/// </summary>
/// <remarks>
/// <c>ValidateDataAnnotations</c>, used before, checks only the settings class's own properties: the ranges and
/// required values of nested settings (Platform:RabbitMq, each service's Database) were never checked. A generated
/// validator follows every property marked <see cref="ValidateObjectMembersAttribute"/>, and the generator warns
/// (SYSLIB1212, an error here) when a nested settings class has annotations but its property is not marked.
/// </remarks>
public static class SettingsValidation
{
    /// <summary>Binds <typeparamref name="TOptions"/> from <paramref name="section"/>, checked by <typeparamref name="TValidator"/> on start.</summary>
    public static OptionsBuilder<TOptions> AddValidatedSettings<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
