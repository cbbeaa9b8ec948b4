# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1
SHELL ["powershell", "-Command"]
RUN Get-ChildItem C:\ | Out-Null
USER ContainerUser
HEALTHCHECK CMD ["powershell", "-Command", "exit 0"]
CMD ["C:\\app\\app.exe"]
