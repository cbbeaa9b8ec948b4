RUN echo hello
CMD ["sh"]
