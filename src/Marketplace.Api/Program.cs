using Marketplace.Api;
using Marketplace.Workflows;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddMarketplaceWorkflows();
builder.Services.AddMarketplaceApi();

var app = builder.Build();
app.UseMarketplaceApi();
app.MapMarketplaceEndpoints();
app.Run();

/// <summary>The API host; public so tests can start it with WebApplicationFactory.</summary>
public partial class Program;
